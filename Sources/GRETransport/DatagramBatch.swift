import CRawDatagrams

/// The message headers, byte vectors and addresses of one `recvmmsg` or `sendmmsg`
/// (`CRawDatagrams`), allocated once for `capacity` datagrams and reused; freed with it.
final class DatagramBatch {
    let pointer: OpaquePointer

    init(capacity: Int) {
        guard let pointer = pac_datagram_batch_create(UInt32(capacity)) else {
            fatalError("out of memory for a batch of \(capacity) datagrams")
        }
        self.pointer = pointer
    }

    deinit {
        pac_datagram_batch_destroy(pointer)
    }
}
