import CRawDatagrams
import NIOCore

/// Sends the GRE socket's datagrams with `sendmmsg`, straight from the buffers the windows
/// hand over. NIO's datagram channel wraps each outgoing datagram in an envelope with a
/// `SocketAddress`, queues it with a promise, and copies both again to send; together these
/// were about 4 % of the PAC's CPU at full rate (docs/performance.md).
///
/// Confined to the socket's event loop. A datagram the kernel refuses (no route, a full send
/// buffer) is counted and not retried: GRE carries PPP over IP without delivery guarantees,
/// and the peer's PPP recovers from a lost frame as from one lost on the way (RFC 2637 §4).
final class RawDatagramSender {
    /// Datagrams one `sendmmsg` takes; a fuller queue is sent first.
    static let capacity = 64

    private let descriptor: CInt
    private let batch = DatagramBatch(capacity: RawDatagramSender.capacity)
    /// The queued datagrams: holding them holds their storage, so the octets the batch points
    /// at stay where they are until they are sent. Unchecked: each access is one array
    /// operation, on every packet (see `GREDemultiplexer`).
    @exclusivity(unchecked) private var queued: [ByteBuffer] = []

    /// Datagrams the kernel refused since the socket opened.
    private(set) var refused = 0

    init(descriptor: CInt) {
        self.descriptor = descriptor
        queued.reserveCapacity(Self.capacity)
    }

    /// Queues `datagram` for `address` (network byte order); sends the queue first if full.
    func enqueue(_ datagram: ByteBuffer, to address: UInt32) {
        if queued.count == Self.capacity { flush() }
        // The pointer outlives the closure: `queued` holds the buffer, and so its storage,
        // unchanged until the send has returned.
        datagram.withUnsafeReadableBytes { bytes in
            pac_datagram_batch_set_outgoing(batch.pointer, UInt32(queued.count), bytes.baseAddress, bytes.count, address)
        }
        queued.append(datagram)
    }

    /// Sends what is queued. `sendmmsg` stops at a datagram it cannot send, reporting the
    /// error only when nothing before it went; that one is counted and skipped.
    func flush() {
        var next = 0
        while next < queued.count {
            let result = pac_datagram_batch_send(batch.pointer, descriptor, UInt32(next), UInt32(queued.count - next))
            if result > 0 {
                next += Int(result)
            } else {
                refused += 1
                next += 1
            }
        }
        queued.removeAll(keepingCapacity: true)
    }
}
