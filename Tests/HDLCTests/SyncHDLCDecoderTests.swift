import HDLC
import Testing

@Suite("RFC 1662 §5 bit-synchronous HDLC decoder")
struct SyncHDLCDecoderTests {
    @Test("RFC 1662 §5 decode(encode(f)) == f for random frames, both FCS kinds, at every bit offset on the line")
    func roundTrip() {
        var generator = SeededGenerator(seed: 0x5)
        for _ in 0..<300 {
            let fcs: FCSKind = Bool.random(using: &generator) ? .fcs16 : .fcs32
            var channel = BChannel(fcs: fcs)
            // Frames need not start on an octet boundary of the line: start with some idle 1s.
            channel.stream.append(bits: UInt64.max, count: Int.random(in: 0...20, using: &generator))
            let frames = (0..<3).map { _ in generator.frame(length: Int.random(in: 2...1532, using: &generator)) }
            for frame in frames {
                channel.send(frame)
                channel.idle(flags: Int.random(in: 0...3, using: &generator))
            }
            channel.idle()
            var decoder = SyncHDLCDecoder(fcs: fcs)
            #expect(decoder.frames(from: channel.stream.octets) == frames)
            #expect(decoder.counters == FramingErrorCounters())
        }
    }

    @Test("RFC 1662 §5 streams of frames, flags (shared zeros too), aborts, idle and noise, fed in pieces: as the bit-by-bit reading")
    func matchesBitByBitReading() {
        var generator = SeededGenerator(seed: 0x5_1662)
        for _ in 0..<400 {
            var stream = SyncBitStream()
            let encoder = SyncHDLCEncoder()
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0..<5:  // a frame; some too long, some runts; each with or without its own opening flag
                    let frame = generator.frame(length: Int.random(in: 0...80, using: &generator))
                    encoder.encode(frame, into: &stream, openingFlag: Bool.random(using: &generator))
                case 5: stream.appendFlags(Int.random(in: 1...3, using: &generator))
                case 6: stream.append(bits: 0b0111_1110, count: 7)  // a flag sharing the last one's 0
                case 7: stream.append(bits: UInt64.max, count: Int.random(in: 6...20, using: &generator))  // abort, idle
                default: stream.append(bits: generator.next(), count: Int.random(in: 1...40, using: &generator))
                }
            }
            stream.appendFlags(2)
            let octets = stream.octets
            var reference = SyncReferenceDecoder(maximumFrameLength: 64)
            reference.decode(octets)
            var decoder = SyncHDLCDecoder(maximumFrameLength: 64)
            var frames: [[UInt8]] = []
            var start = 0
            while start < octets.count {
                let end = min(octets.count, start + Int.random(in: 1...24, using: &generator))
                decoder.decode(Array(octets[start..<end])) { frames.append(Array($0)) }
                start = end
            }
            #expect(frames == reference.frames)
            #expect(decoder.counters == reference.counters)
        }
    }

    @Test("RFC 1662 §5 payload with no run of five 1s (taken four octets at a time) decodes at every bit offset, fed in pieces")
    func plainPayloadInPieces() {
        // 0x5A, 0x00 and 0x0F never need a stuffed 0; the last frame mixes them with 0xFF, which does.
        let frames: [[UInt8]] = [
            [UInt8](repeating: 0x5A, count: 1400), [UInt8](repeating: 0x00, count: 37),
            (0..<301).map { [0x0F, 0x5A, 0xFF, 0x00][$0 % 4] },
        ]
        for offset in 0..<8 {
            var channel = BChannel()
            channel.stream.append(bits: UInt64.max, count: offset)
            for frame in frames { channel.send(frame) }
            channel.idle()
            let line = channel.stream.octets
            for piece in 1...9 {
                var decoder = SyncHDLCDecoder()
                let received = stride(from: 0, to: line.count, by: piece).flatMap { start in
                    decoder.frames(from: Array(line[start..<min(start + piece, line.count)]))
                }
                #expect(received == frames, "offset \(offset), pieces of \(piece)")
                #expect(decoder.counters == FramingErrorCounters())
            }
        }
    }

    @Test("RFC 1662 §5.1 flags are found at any bit position: the stream split at every octet boundary")
    func splitAtEveryBoundary() {
        var channel = BChannel()
        let frames: [[UInt8]] = [lcpConfigureRequest, [0xFF, 0xFF, 0x7E, 0x00], [0x21, 0x45]]
        for frame in frames {
            channel.send(frame)
        }
        channel.idle()
        let line = channel.stream.octets
        for split in 0...line.count {
            var decoder = SyncHDLCDecoder()
            #expect(decoder.frames(from: Array(line[..<split])) + decoder.frames(from: Array(line[split...])) == frames)
        }
    }

    @Test("RFC 1662 §5.3 a flipped data bit makes exactly one CRC error, and the next frame decodes")
    func flippedBitIsCRCError() {
        var channel = BChannel()
        let zeros = [UInt8](repeating: 0, count: 20)  // no runs of 1s, so no stuffing near the flip
        channel.send(zeros)
        channel.idle()
        channel.send(lcpConfigureRequest)
        channel.idle()
        channel.stream.flipBit(at: 8 + 50)
        var decoder = SyncHDLCDecoder()
        #expect(decoder.frames(from: channel.stream.octets) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters(crcErrors: 1))
    }

    @Test("RFC 1662 §5.3 any single flipped bit inside a frame loses that frame only, and is counted")
    func everySingleBitFlip() {
        var generator = SeededGenerator(seed: 53)
        let frame = generator.frame(length: 24)
        var clean = BChannel()
        clean.send(frame)
        let closingFlag = clean.stream.bitCount - 8
        clean.idle()
        clean.send(lcpConfigureRequest)
        clean.idle()
        for position in 8..<closingFlag {
            var stream = clean.stream
            stream.flipBit(at: position)
            var decoder = SyncHDLCDecoder()
            #expect(decoder.frames(from: stream.octets) == [lcpConfigureRequest], "bit \(position)")
            #expect(decoder.counters.total >= 1, "bit \(position)")
        }
    }

    @Test("RFC 1662 §5.3 on a noisy B-channel every frame delivered is one that was sent, and losses are counted")
    func noisyChannel() {
        var generator = SeededGenerator(seed: 55)
        var channel = BChannel()
        let frames = (0..<200).map { _ in generator.frame(length: Int.random(in: 2...300, using: &generator)) }
        for frame in frames {
            channel.send(frame)
            channel.idle(flags: Int.random(in: 0...2, using: &generator))
        }
        channel.idle()
        for _ in 0..<150 {
            channel.stream.flipBit(at: Int.random(in: 0..<(8 * channel.stream.octets.count), using: &generator))
        }
        var decoder = SyncHDLCDecoder()
        let received = decoder.frames(from: channel.stream.octets)
        let sent = Set(frames)
        #expect(received.allSatisfy { sent.contains($0) })
        #expect(received.count < frames.count)
        #expect(decoder.counters.total > 0)
    }

    @Test("RFC 1662 §5.3 each discarded frame moves exactly one counter")
    func oneCounterPerBadFrame() {
        var stream = SyncBitStream()
        let encoder = SyncHDLCEncoder()
        stream.appendFlags()
        stream.append(bitString: "1000 0010 0100 0010 1100 0010")  // runt
        stream.appendFlags()
        stream.append(bitString: "1000 0010 0100 0010 1100 0010 0000 0000 1")  // not octet-aligned
        stream.appendFlags()
        stream.append(bitString: "1000 0010 0100 0010 1111 111")  // abort
        encoder.encode([UInt8](repeating: 0x41, count: 30), into: &stream)  // overrun
        let start = stream.bitCount
        encoder.encode([UInt8](repeating: 0, count: 10), into: &stream)
        stream.appendFlags(2)
        stream.flipBit(at: start + 8 + 20)  // a data bit among zeros, away from any stuffing: CRC error
        var decoder = SyncHDLCDecoder(maximumFrameLength: 20)
        #expect(decoder.frames(from: stream.octets) == [])
        #expect(decoder.counters == FramingErrorCounters(crcErrors: 1, framingErrors: 1, alignmentErrors: 2, bufferOverruns: 1))
    }

    @Test("RFC 1662 §5.3 bits between flags that are not a multiple of 8 make one alignment error")
    func alignmentError() {
        var stream = SyncBitStream()
        stream.appendFlags()
        stream.append(bitString: "0101 0101 0101 0101 0101 0101 0101 0101 010")  // 35 bits
        stream.appendFlags()
        SyncHDLCEncoder().encode(lcpConfigureRequest, into: &stream)
        stream.appendFlags(2)
        var decoder = SyncHDLCDecoder()
        #expect(decoder.frames(from: stream.octets) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters(alignmentErrors: 1))
    }

    @Test("RFC 1662 §5.3 a lost bit inside a frame makes one alignment error")
    func lostBit() {
        var channel = BChannel()
        channel.send([UInt8](repeating: 0x55, count: 10))
        channel.idle()
        var bits = channel.stream.sentBits
        bits.remove(at: 8 + 30)
        var stream = SyncBitStream()
        for bit in bits {
            stream.append(bits: bit ? 1 : 0, count: 1)
        }
        stream.appendFlags()
        var decoder = SyncHDLCDecoder()
        #expect(decoder.frames(from: stream.octets) == [])
        #expect(decoder.counters == FramingErrorCounters(alignmentErrors: 1))
    }

    @Test("RFC 1662 §5.3 seven 1s abort the frame: one framing error, and the next frame decodes")
    func abort() {
        var stream = SyncBitStream()
        stream.appendFlags()
        stream.append(bitString: "0000 0000 1010 1010 0")
        stream.append(bitString: "1111 111")
        SyncHDLCEncoder().encode(lcpConfigureRequest, into: &stream)
        stream.appendFlags(2)
        var decoder = SyncHDLCDecoder()
        #expect(decoder.frames(from: stream.octets) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters(framingErrors: 1))
    }

    @Test("RFC 1662 §5.4 mark idle (15 or more 1s between flags) is time fill, not an abort")
    func markIdle() {
        var stream = SyncBitStream()
        stream.appendFlags()
        stream.append(bits: UInt64.max, count: 40)
        SyncHDLCEncoder().encode(lcpConfigureRequest, into: &stream)
        stream.append(bits: UInt64.max, count: 15)
        stream.appendFlags(2)
        var decoder = SyncHDLCDecoder()
        #expect(decoder.frames(from: stream.octets) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters())
    }

    @Test("RFC 1662 §5.1 §3.1 consecutive flags, even sharing a zero, are empty frames and not counted")
    func emptyFrames() {
        var stream = SyncBitStream()
        stream.appendFlags(4)
        stream.append(bitString: "111 1110 111 1110")  // shared-zero flags
        SyncHDLCEncoder().encode(lcpConfigureRequest, into: &stream)
        stream.appendFlags(2)
        var decoder = SyncHDLCDecoder()
        #expect(decoder.frames(from: stream.octets) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters())
    }

    @Test("RFC 1662 §5.3 runt: fewer than 4 octets with FCS-16 is one alignment error")
    func runt() {
        var stream = SyncBitStream()
        stream.appendFlags()
        stream.append(bitString: "1000 0010 0100 0010 1100 0010")  // three octets, no 1-runs to stuff
        stream.appendFlags(2)
        var decoder = SyncHDLCDecoder()
        #expect(decoder.frames(from: stream.octets) == [])
        #expect(decoder.counters == FramingErrorCounters(alignmentErrors: 1))
    }

    @Test("RFC 1662 §5 a frame longer than maximumFrameLength plus FCS is one buffer overrun")
    func overrun() {
        var channel = BChannel()
        channel.send([UInt8](repeating: 0x41, count: 101))
        channel.send([UInt8](repeating: 0x41, count: 100))
        channel.idle()
        var decoder = SyncHDLCDecoder(maximumFrameLength: 100)
        #expect(decoder.frames(from: channel.stream.octets) == [[UInt8](repeating: 0x41, count: 100)])
        #expect(decoder.counters == FramingErrorCounters(bufferOverruns: 1))
    }

    @Test("RFC 1662 §5.3 random octets never trap, and a good frame after them still decodes")
    func randomOctets() {
        var generator = SeededGenerator(seed: 54)
        for round in 0..<20 {
            var decoder = SyncHDLCDecoder(maximumFrameLength: Int.random(in: 2...64, using: &generator))
            _ = decoder.frames(from: (0..<10_000).map { _ in
                round.isMultiple(of: 2) ? UInt8.random(in: 0...255, using: &generator) : [0x7E, 0xFF, 0x00, 0x3F].randomElement(using: &generator)!
            })
            var channel = BChannel()
            channel.idle()
            channel.send([0x41, 0x42])
            channel.idle()
            #expect(decoder.frames(from: channel.stream.octets) == [[0x41, 0x42]])
        }
    }
}
