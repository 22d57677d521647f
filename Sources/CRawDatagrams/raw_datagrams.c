#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "raw_datagrams.h"

struct pac_datagram_batch {
    unsigned capacity;
    struct mmsghdr *messages;
    struct iovec *vectors;
    struct sockaddr_in *addresses;
};

pac_datagram_batch *pac_datagram_batch_create(unsigned capacity) {
    pac_datagram_batch *batch = calloc(1, sizeof *batch);
    if (batch == NULL) return NULL;
    batch->capacity = capacity;
    batch->messages = calloc(capacity, sizeof *batch->messages);
    batch->vectors = calloc(capacity, sizeof *batch->vectors);
    batch->addresses = calloc(capacity, sizeof *batch->addresses);
    if (batch->messages == NULL || batch->vectors == NULL || batch->addresses == NULL) {
        pac_datagram_batch_destroy(batch);
        return NULL;
    }
    for (unsigned i = 0; i < capacity; i++) {
        batch->addresses[i].sin_family = AF_INET;
        batch->messages[i].msg_hdr.msg_iov = &batch->vectors[i];
        batch->messages[i].msg_hdr.msg_iovlen = 1;
        batch->messages[i].msg_hdr.msg_name = &batch->addresses[i];
    }
    return batch;
}

void pac_datagram_batch_destroy(pac_datagram_batch *batch) {
    if (batch == NULL) return;
    free(batch->messages);
    free(batch->vectors);
    free(batch->addresses);
    free(batch);
}

void pac_datagram_batch_set_outgoing(pac_datagram_batch *batch, unsigned index, const void *bytes, size_t length,
                                     uint32_t address) {
    batch->vectors[index].iov_base = (void *)bytes;
    batch->vectors[index].iov_len = length;
    batch->addresses[index].sin_addr.s_addr = address;
}

int pac_datagram_batch_send(pac_datagram_batch *batch, int descriptor, unsigned first, unsigned count) {
    for (unsigned i = first; i < first + count; i++) {
        batch->messages[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_in);
    }
    int sent;
    do {
        sent = sendmmsg(descriptor, &batch->messages[first], count, MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    return sent < 0 ? -errno : sent;
}

int pac_datagram_batch_receive(pac_datagram_batch *batch, int descriptor, uint8_t *buffer, size_t slot_size,
                               unsigned count) {
    for (unsigned i = 0; i < count; i++) {
        batch->vectors[i].iov_base = buffer + (size_t)i * slot_size;
        batch->vectors[i].iov_len = slot_size;
        // recvmmsg writes each sender's address here and its size back; the IPv4 header
        // carries the sender too, so the address is only room the call needs.
        batch->messages[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_in);
    }
    int received;
    do {
        received = recvmmsg(descriptor, batch->messages, count, MSG_DONTWAIT, NULL);
    } while (received < 0 && errno == EINTR);
    return received < 0 ? -errno : received;
}

size_t pac_datagram_batch_received_length(const pac_datagram_batch *batch, unsigned index) {
    return batch->messages[index].msg_len;
}
