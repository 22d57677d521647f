import HDLC
import Testing

@Suite("RFC 1662 §5.2 bit-synchronous HDLC encoder")
struct SyncHDLCEncoderTests {
    /// RFC 1662 §5.2, written out the plain way on an array of bits.
    func referenceStuff(_ bits: [Bool]) -> [Bool] {
        var out: [Bool] = []
        var ones = 0
        for bit in bits {
            out.append(bit)
            ones = bit ? ones + 1 : 0
            if ones == 5 {
                out.append(false)
                ones = 0
            }
        }
        return out
    }

    func bits(of bytes: [UInt8]) -> [Bool] {
        SyncBitStream(octets: bytes).sentBits
    }

    let flagBits = [false, true, true, true, true, true, true, false]

    @Test("RFC 1662 §5.2 zero-bit insertion: a 0 after every five contiguous 1s, FCS included, between two flags")
    func zeroBitInsertion() {
        for frame: [UInt8] in [[0xFF, 0xFF, 0xFF], [0x7E, 0x7E], [0x1F, 0xF8, 0x3E], lcpConfigureRequest] {
            var channel = BChannel()
            channel.send(frame)
            channel.idle()
            let expected = flagBits + referenceStuff(bits(of: withFCS(frame))) + flagBits
            #expect(Array(channel.stream.sentBits.prefix(expected.count)) == expected)
        }
    }

    @Test("RFC 1662 §3.1 without its opening flag a frame follows the last one's closing flag at once, and both decode")
    func sharedFlag() {
        var generator = SeededGenerator(seed: 3_1)
        let first = generator.frame(length: 30)
        let second = generator.frame(length: 50)
        var stream = SyncHDLCEncoder.stream(of: first)
        SyncHDLCEncoder().encode(second, into: &stream, openingFlag: false)
        stream.appendFlags()
        let expected = flagBits + referenceStuff(bits(of: withFCS(first))) + flagBits + referenceStuff(bits(of: withFCS(second))) + flagBits
        #expect(Array(stream.sentBits.prefix(expected.count)) == expected)
        var decoder = SyncHDLCDecoder()
        var decoded: [[UInt8]] = []
        decoder.decode(stream.octets) { decoded.append(Array($0)) }
        #expect(decoded == [first, second])
        #expect(decoder.counters == FramingErrorCounters())
    }

    @Test("RFC 1662 §5.2 zero-bit insertion of random frames (one octet in two needs it) matches the plain bit-by-bit rule")
    func zeroBitInsertionOfRandomFrames() {
        var generator = SeededGenerator(seed: 5_2)
        for length in Array(0...40) + [100, 1400] {
            let frame = generator.frame(length: length)
            var stream = SyncBitStream()
            SyncHDLCEncoder().encode(frame, into: &stream)
            stream.appendFlags()
            let expected = flagBits + referenceStuff(bits(of: withFCS(frame))) + flagBits
            #expect(Array(stream.sentBits.prefix(expected.count)) == expected)
        }
    }

    @Test("RFC 1662 §5.2 payload taken eight octets at a time matches the bit-by-bit rule at every bit offset on the line")
    func plainPayloadAtEveryOffset() {
        // 0x5A and 0x00 never need a stuffed 0, so whole words go out in one store each; 0xFF
        // and 0x7E between them do, and a run of 1s crosses from one word into the next.
        let frames: [[UInt8]] = [
            [UInt8](repeating: 0x5A, count: 1400),
            (0..<301).map { [0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0xF0, 0x0F, 0xFF, 0x00, 0x7E][$0 % 12] },
        ]
        for frame in frames {
            for offset in 0..<8 {
                var stream = SyncBitStream()
                stream.append(bits: 0, count: offset)
                SyncHDLCEncoder().encode(frame, into: &stream)
                stream.appendFlags()
                let expected = [Bool](repeating: false, count: offset) + flagBits
                    + referenceStuff(bits(of: withFCS(frame))) + flagBits
                #expect(Array(stream.sentBits.prefix(expected.count)) == expected, "offset \(offset)")
            }
        }
    }

    @Test("RFC 1662 §5.2 no six contiguous 1s ever appear between the flags of random frames")
    func noFlagInsideFrames() {
        var generator = SeededGenerator(seed: 52)
        for _ in 0..<100 {
            let frame = generator.frame(length: Int.random(in: 2...200, using: &generator))
            var stream = SyncBitStream()
            SyncHDLCEncoder().encode(frame, into: &stream)
            stream.appendFlags()
            let inner = stream.sentBits.dropFirst(8).prefix(stream.bitCount - 8 - 8 - 8 - stream.pendingBitCount)
            var ones = 0
            var longest = 0
            for bit in inner {
                ones = bit ? ones + 1 : 0
                longest = max(longest, ones)
            }
            #expect(longest <= 5)
        }
    }
}

extension SyncHDLCEncoder {
    /// A stream holding `frame` between its two flags.
    static func stream(of frame: [UInt8]) -> SyncBitStream {
        var stream = SyncBitStream()
        SyncHDLCEncoder().encode(frame, into: &stream)
        return stream
    }
}
