import HDLC
import Testing

/// Properties over many seeded random frames, ACCMs and line splits.
@Suite("RFC 1662 §4 async HDLC properties")
struct AsyncHDLCPropertyTests {
    @Test("RFC 1662 §4.2 §7.1 decode(encode(f)) == f for random frames under random ACCMs and both FCS kinds")
    func roundTrip() {
        var generator = SeededGenerator(seed: 0x1662)
        for _ in 0..<500 {
            // The receiver maps a subset of what the sender escapes, as negotiated ACCMs do.
            let receiveACCM = UInt32.random(in: 0...UInt32.max, using: &generator)
            let sendACCM = receiveACCM | UInt32.random(in: 0...UInt32.max, using: &generator)
            let fcs: FCSKind = Bool.random(using: &generator) ? .fcs16 : .fcs32
            let frame = generator.frame(length: Int.random(in: 2...1532, using: &generator))
            var decoder = AsyncHDLCDecoder(receiveACCM: receiveACCM, fcs: fcs)
            #expect(decoder.frames(from: AsyncHDLCEncoder(sendACCM: sendACCM, fcs: fcs).encoded(frame)) == [frame])
            #expect(decoder.counters == FramingErrorCounters())
        }
    }

    @Test("RFC 1662 §4.2 with ACCM 0 (eight octets at a time) a flag or escape at any position round-trips")
    func accmZeroEveryPosition() {
        let encoder = AsyncHDLCEncoder(sendACCM: 0)
        for length in 2...40 {
            for position in 0..<length {
                for special: UInt8 in [0x7E, 0x7D, 0x5E, 0x00] {
                    var frame = (0..<length).map { UInt8(0x41 + $0 % 26) }
                    frame[position] = special
                    var decoder = AsyncHDLCDecoder(receiveACCM: 0)
                    #expect(decoder.frames(from: encoder.encoded(frame)) == [frame])
                }
            }
        }
    }

    @Test("RFC 1662 §4.2 with ACCM 0 random frames round-trip when split anywhere")
    func accmZeroRandomSplits() {
        var generator = SeededGenerator(seed: 7)
        let encoder = AsyncHDLCEncoder(sendACCM: 0)
        for _ in 0..<300 {
            let frames = (0..<3).map { _ in generator.frame(length: Int.random(in: 2...200, using: &generator)) }
            var line: [UInt8] = []
            for frame in frames {
                encoder.encode(frame, into: &line)
            }
            let split = Int.random(in: 0...line.count, using: &generator)
            var decoder = AsyncHDLCDecoder(receiveACCM: 0)
            #expect(decoder.frames(from: Array(line[..<split])) + decoder.frames(from: Array(line[split...])) == frames)
        }
    }

    @Test("RFC 1662 §4.1 with ACCM 0 the longest frame fits and one octet more overruns, at every small limit")
    func accmZeroLimits() {
        let encoder = AsyncHDLCEncoder(sendACCM: 0)
        for limit in 2...40 {
            let longest = [UInt8](repeating: 0x41, count: limit)
            var decoder = AsyncHDLCDecoder(receiveACCM: 0, maximumFrameLength: limit)
            let line = encoder.encoded(longest + [0x42]) + encoder.encoded(longest) + encoder.encoded(longest + [0x7D])
            #expect(decoder.frames(from: line) == [longest], "limit \(limit)")
            #expect(decoder.counters == FramingErrorCounters(bufferOverruns: 2), "limit \(limit)")
        }
    }

    @Test("RFC 1662 §4.1 several frames in one call, split at every possible byte boundary across two calls")
    func splitAtEveryBoundary() {
        var generator = SeededGenerator(seed: 2)
        let frames = (0..<4).map { _ in generator.frame(length: Int.random(in: 2...40, using: &generator)) }
        let encoder = AsyncHDLCEncoder()
        var line: [UInt8] = []
        for frame in frames {
            encoder.encode(frame, into: &line)
        }
        for split in 0...line.count {
            var decoder = AsyncHDLCDecoder()
            let received = decoder.frames(from: Array(line[..<split])) + decoder.frames(from: Array(line[split...]))
            #expect(received == frames, "split at \(split)")
            #expect(decoder.counters == FramingErrorCounters())
        }
    }

    @Test("RFC 1662 §4.1 frames fed in random chunks, down to one octet per call, all arrive")
    func randomChunks() {
        var generator = SeededGenerator(seed: 3)
        let encoder = AsyncHDLCEncoder(sendACCM: 0x000A_0000)
        let frames = (0..<200).map { _ in generator.frame(length: Int.random(in: 2...300, using: &generator)) }
        var line: [UInt8] = []
        for frame in frames {
            encoder.encode(frame, into: &line)
        }
        var decoder = AsyncHDLCDecoder(receiveACCM: 0x000A_0000)
        var received: [[UInt8]] = []
        var start = 0
        while start < line.count {
            let end = min(line.count, start + Int.random(in: 1...64, using: &generator))
            received += decoder.frames(from: Array(line[start..<end]))
            start = end
        }
        #expect(received == frames)
    }

    @Test("RFC 1662 §C.2 corrupting one data octet of one frame costs that frame only, as one CRC error")
    func oneCorruptFrame() {
        var generator = SeededGenerator(seed: 4)
        let encoder = AsyncHDLCEncoder()
        for _ in 0..<200 {
            let frames = (0..<3).map { _ in generator.frame(length: Int.random(in: 2...100, using: &generator)) }
            var encoded = frames.map(encoder.encoded)
            // Change one octet that is neither flag, escape nor control character into another such.
            let candidates = encoded[1].indices.filter { encoded[1][$0] >= 0x20 && encoded[1][$0] != 0x7E && encoded[1][$0] != 0x7D }
            guard let index = candidates.randomElement(using: &generator) else { continue }
            let replacement = (encoded[1][index] &+ UInt8.random(in: 1...0x5C, using: &generator))
            guard replacement >= 0x20 && replacement != 0x7E && replacement != 0x7D else { continue }
            encoded[1][index] = replacement
            var decoder = AsyncHDLCDecoder()
            #expect(decoder.frames(from: encoded.flatMap { $0 }) == [frames[0], frames[2]])
            #expect(decoder.counters == FramingErrorCounters(crcErrors: 1))
        }
    }

    @Test("RFC 1662 §4.3 random bytes never trap, and a good frame after a flag still decodes")
    func randomBytes() {
        var generator = SeededGenerator(seed: 5)
        for round in 0..<50 {
            let fcs: FCSKind = round.isMultiple(of: 2) ? .fcs16 : .fcs32
            var decoder = AsyncHDLCDecoder(
                receiveACCM: UInt32.random(in: 0...UInt32.max, using: &generator),
                fcs: fcs,
                maximumFrameLength: Int.random(in: 2...64, using: &generator))
            let noise = generator.frame(length: 20_000)
            _ = decoder.frames(from: noise)
            let frame: [UInt8] = [0x41, 0x42]
            #expect(decoder.frames(from: [0x7E] + AsyncHDLCEncoder(fcs: fcs).encoded(frame)) == [frame])
        }
    }

    @Test("RFC 1662 §C.2 on a noisy line every frame delivered is one that was sent, and losses are counted")
    func noisyLine() {
        var generator = SeededGenerator(seed: 8)
        let encoder = AsyncHDLCEncoder()
        let frames = (0..<300).map { _ in generator.frame(length: Int.random(in: 2...300, using: &generator)) }
        var line: [UInt8] = []
        for frame in frames {
            encoder.encode(frame, into: &line)
        }
        for _ in 0..<200 {
            line[Int.random(in: 0..<line.count, using: &generator)] ^= 1 << UInt8.random(in: 0...7, using: &generator)
        }
        var decoder = AsyncHDLCDecoder()
        let received = decoder.frames(from: line)
        let sent = Set(frames)
        #expect(received.allSatisfy { sent.contains($0) })
        #expect(received.count < frames.count)
        #expect(decoder.counters.total > 0)
    }

    @Test("RFC 1662 §4.3 each discarded frame moves exactly one counter")
    func oneCounterPerBadFrame() {
        let encoder = AsyncHDLCEncoder()
        var badCRC = encoder.encoded(lcpConfigureRequest)
        badCRC[1] = 0xFE
        let aborted: [UInt8] = [0x7E, 0x41, 0x42, 0x43, 0x7D, 0x7E]
        let runt: [UInt8] = [0x7E, 0x41, 0x7E]
        let overrun = [0x7E] + [UInt8](repeating: 0x41, count: 40) + [0x7E]
        var decoder = AsyncHDLCDecoder(maximumFrameLength: 20)
        _ = decoder.frames(from: badCRC + aborted + runt + overrun + badCRC)
        #expect(decoder.counters == FramingErrorCounters(crcErrors: 2, framingErrors: 1, alignmentErrors: 1, bufferOverruns: 1))
        #expect(decoder.counters.total == 5)
    }
}
