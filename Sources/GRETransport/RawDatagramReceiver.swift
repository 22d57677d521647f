import CRawDatagrams
import NIOCore

/// Takes the datagrams waiting on the GRE socket with `recvmmsg`, each as a slice of one
/// buffer, IPv4 header included. NIO's datagram channel gives each datagram an envelope with
/// a `SocketAddress`, formatting the sender's address as text (`inet_ntop`) on the way; that
/// was about 3 % of the PAC's CPU at full rate, for an address the IPv4 header already carries
/// (docs/performance.md).
///
/// NIO offers no public way to watch a descriptor without reading it, so the channel still
/// reads the first datagram of each wake-up and this takes the rest (`GREInboundHandler`).
/// Confined to the socket's event loop.
final class RawDatagramReceiver {
    /// Datagrams one `recvmmsg` takes, and reads per wake-up after the channel's one: as
    /// NIO's vector reads were set before (docs/performance.md).
    static let capacity = 64
    static let readsPerWakeUp = 4
    /// Room for each datagram: a PPP frame of the usual 1,500-octet MRU with its GRE and IPv4
    /// headers. A longer datagram is cut, and its GRE header's payload length then rejects it.
    static let slotSize = 2048

    private let descriptor: CInt
    private let batch = DatagramBatch(capacity: RawDatagramReceiver.capacity)
    private let allocator = ByteBufferAllocator()
    /// A buffer a read found nothing for, kept for the next: at low rates most reads find
    /// nothing, and need not allocate.
    private var unused: ByteBuffer?

    init(descriptor: CInt) {
        self.descriptor = descriptor
    }

    /// Hands each waiting datagram to `body`, in arrival order, up to `readsPerWakeUp` full
    /// batches; stops at the first read that finds fewer than a batch.
    func drain(_ body: (ByteBuffer) -> Void) {
        for _ in 0..<Self.readsPerWakeUp {
            var buffer = unused.take() ?? allocator.buffer(capacity: Self.capacity * Self.slotSize)
            let received = buffer.withUnsafeMutableWritableBytes { space in
                pac_datagram_batch_receive(
                    batch.pointer, descriptor, space.baseAddress!.assumingMemoryBound(to: UInt8.self), Self.slotSize,
                    UInt32(Self.capacity))
            }
            guard received > 0 else {
                // EAGAIN: nothing waits. Any other error the channel's next read meets too,
                // and NIO's error handling applies there.
                unused = buffer
                return
            }
            buffer.moveWriterIndex(forwardBy: Int(received) * Self.slotSize)
            for index in 0..<Int(received) {
                let length = pac_datagram_batch_received_length(batch.pointer, UInt32(index))
                body(buffer.getSlice(at: index * Self.slotSize, length: length)!)
            }
            if received < Self.capacity { return }
        }
    }
}
