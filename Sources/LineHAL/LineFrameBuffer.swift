import NIOCore

extension ByteBuffer {
    /// Octets left free in front of every frame a line delivers (`LineDelegate`): room for the
    /// enhanced GRE header the frame travels under next (RFC 2637 §4.1: 8 octets, and 4 each
    /// for the sequence and acknowledgment numbers), so that it leaves in the buffer it
    /// arrived in, with no copy.
    public static let lineFrameHeadroom = 16

    /// A frame as a line delivers it: a copy of `frame`, with `lineFrameHeadroom` zero octets
    /// before its readable bytes.
    public init(lineFrame frame: UnsafeRawBufferPointer) {
        self = ByteBufferAllocator().buffer(capacity: Self.lineFrameHeadroom + frame.count)
        writeRepeatingByte(0, count: Self.lineFrameHeadroom)
        moveReaderIndex(forwardBy: Self.lineFrameHeadroom)
        writeBytes(frame)
    }
}

extension Array<ByteBuffer> {
    /// Hands the frames to `deliver` in order, each taken out of the array first so that the
    /// receiver holds the only reference (and may send it on in place), until `deliver`
    /// returns false. Leaves the array empty, with its capacity.
    public mutating func handOver(_ deliver: (consuming ByteBuffer) -> Bool) {
        for index in indices {
            let frame = self[index]
            self[index] = ByteBuffer()
            guard deliver(consume frame) else { break }
        }
        removeAll(keepingCapacity: true)
    }
}
