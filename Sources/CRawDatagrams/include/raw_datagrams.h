#ifndef PAC_RAW_DATAGRAMS_H
#define PAC_RAW_DATAGRAMS_H

#include <stddef.h>
#include <stdint.h>

/// A batch of IPv4 datagrams for one recvmmsg or sendmmsg on a raw socket: the message
/// headers, their byte vectors and their addresses, allocated once and reused. glibc declares
/// the two calls and `struct mmsghdr` only with _GNU_SOURCE, which Swift's Glibc module is not
/// built with; this file hides them behind plain functions compiled with it.
///
/// A batch is not thread-safe; each belongs to one event loop.
typedef struct pac_datagram_batch pac_datagram_batch;

/// A batch of up to `capacity` datagrams, or NULL if memory ran out.
pac_datagram_batch *pac_datagram_batch_create(unsigned capacity);
void pac_datagram_batch_destroy(pac_datagram_batch *batch);

/// Puts in slot `index` a datagram to send: `length` octets at `bytes`, to the IPv4 address
/// `address` (network byte order, as in `sin_addr.s_addr`). The octets must stay where they
/// are until `pac_datagram_batch_send` returns.
void pac_datagram_batch_set_outgoing(pac_datagram_batch *batch, unsigned index, const void *bytes, size_t length,
                                     uint32_t address);

/// Sends slots `first` to `first + count - 1` with one sendmmsg, without blocking. Returns how
/// many were sent, from `first` on (sendmmsg stops at the first it cannot send, and reports
/// that one's error only when it is the first of the call), or -errno.
int pac_datagram_batch_send(pac_datagram_batch *batch, int descriptor, unsigned first, unsigned count);

/// Receives up to `count` datagrams with one recvmmsg, without blocking: datagram i into the
/// `slot_size` octets at `buffer + i * slot_size`. Returns how many arrived, or -errno
/// (-EAGAIN when none was waiting).
int pac_datagram_batch_receive(pac_datagram_batch *batch, int descriptor, uint8_t *buffer, size_t slot_size,
                               unsigned count);

/// How many octets the last receive put in slot `index`; a datagram longer than the slot is
/// cut to its length.
size_t pac_datagram_batch_received_length(const pac_datagram_batch *batch, unsigned index);

#endif
