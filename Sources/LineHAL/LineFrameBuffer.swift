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
        let headroom = Self.lineFrameHeadroom
        self = ByteBufferAllocator().buffer(capacity: headroom + frame.count)
        // Headroom and frame in one write: NIO checks capacity and uniqueness once, not twice.
        writeWithUnsafeMutableBytes(minimumWritableBytes: headroom + frame.count) { buffer in
            UnsafeMutableRawBufferPointer(rebasing: buffer[..<headroom]).initializeMemory(as: UInt8.self, repeating: 0)
            UnsafeMutableRawBufferPointer(rebasing: buffer[headroom...]).copyMemory(from: frame)
            return headroom + frame.count
        }
        moveReaderIndex(forwardBy: headroom)
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
