import HDLC
import Testing

extension SyncBitStream {
    /// Appends bits written as text, first-sent bit first: `"0111 1110"` is a flag.
    mutating func append(bitString: String) {
        for character in bitString where character != " " {
            append(bits: character == "1" ? 1 : 0, count: 1)
        }
    }

    /// The complete octets as bits, in the order they are sent.
    var sentBits: [Bool] {
        octets.flatMap { octet in (0..<8).map { octet >> UInt8($0) & 1 == 1 } }
    }
}

@Suite("RFC 1662 §5 bit stream")
struct SyncBitStreamTests {
    @Test("RFC 1662 §5.5 octets go out least significant bit first: the first bit sent is bit 0")
    func bitOrder() {
        var stream = SyncBitStream()
        stream.append(bitString: "101")
        #expect(stream.octets == [])
        #expect(stream.pendingBitCount == 3)
        stream.append(bitString: "00011")
        #expect(stream.octets == [0b1100_0101])
        #expect(stream.pendingBitCount == 0)
        #expect(stream.bitCount == 8)
    }

    @Test("RFC 1662 §5.1 a flag is 0111 1110, which packs to the octet 0x7E")
    func flag() {
        var stream = SyncBitStream()
        stream.appendFlags(3)
        #expect(stream.octets == [0x7E, 0x7E, 0x7E])
    }

    @Test("bits that do not fill an octet wait for the next ones, across flags")
    func pendingBits() {
        var stream = SyncBitStream()
        stream.append(bitString: "11")
        stream.appendFlags()
        #expect(stream.octets == [0b1111_1011])
        #expect(stream.pendingBitCount == 2)
        stream.appendFlags()
        #expect(stream.octets == [0b1111_1011, 0b1111_1001])
    }

    @Test("flipBit inverts exactly the bit sent at that position")
    func flipBit() {
        var stream = SyncBitStream(octets: [0x00, 0x00])
        stream.flipBit(at: 9)
        #expect(stream.octets == [0x00, 0x02])
        stream.flipBit(at: 9)
        #expect(stream.octets == [0x00, 0x00])
    }
}
