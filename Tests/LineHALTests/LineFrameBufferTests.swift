import LineHAL
import NIOCore
import Testing

@Suite("Frames as lines deliver them")
struct LineFrameBufferTests {
    private static func address(_ buffer: ByteBuffer) -> UInt {
        buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
    }

    @Test("a line's frame has 16 free octets in front of it, room for an RFC 2637 §4.1 GRE header")
    func headroom() {
        let octets: [UInt8] = [0xFF, 0x03, 0xC0, 0x21, 0x09]
        let frame = octets.withUnsafeBytes { ByteBuffer(lineFrame: $0) }
        #expect(ByteBuffer.lineFrameHeadroom == 16)
        #expect(frame.readerIndex == 16)
        #expect(Array(frame.readableBytesView) == octets)
        var whole = frame
        whole.moveReaderIndex(to: 0)
        #expect(Array(whole.readableBytesView) == [UInt8](repeating: 0, count: 16) + octets)
    }

    @Test("frames are handed over in order, each unshared, until the receiver says stop; the list is left empty")
    func handOver() {
        var frames = (1...3).map { tag in [UInt8(tag)].withUnsafeBytes { ByteBuffer(lineFrame: $0) } }
        var seen: [UInt8] = []
        var writtenInPlace: [Bool] = []
        frames.handOver { frame in
            var frame = consume frame
            let before = Self.address(frame)
            // A write into the headroom copies the storage if anyone else still holds it.
            frame.setInteger(UInt8(0xEE), at: frame.readerIndex - 1)
            writtenInPlace.append(Self.address(frame) == before)
            seen.append(frame.readableBytesView.first!)
            return seen.count < 2
        }
        #expect(seen == [1, 2])
        #expect(writtenInPlace == [true, true])
        #expect(frames.isEmpty)
    }
}
