import HDLC
import Testing

@Suite("RFC 1662 §4 async HDLC decoder")
struct AsyncHDLCDecoderTests {
    let good = AsyncHDLCEncoder().encoded(lcpConfigureRequest)

    /// The line bytes for `content` (already escaped by hand) between two flags.
    func framed(_ content: [UInt8]) -> [UInt8] {
        [0x7E] + content + [0x7E]
    }

    @Test("RFC 1662 §4.2 control-escape: 7D 5E, 7D 5D and 7D 23 arrive as 7E, 7D and 03")
    func unescapes() {
        var decoder = AsyncHDLCDecoder()
        let frame: [UInt8] = [0x7E, 0x7D, 0x03, 0x41]
        let line = framed([0x7D, 0x5E, 0x7D, 0x5D, 0x7D, 0x23, 0x41] + withFCS(frame).suffix(2).flatMap { octet -> [UInt8] in [0x7D, octet ^ 0x20] })
        #expect(decoder.frames(from: line) == [frame])
        #expect(decoder.counters == FramingErrorCounters())
    }

    @Test("RFC 1662 §4.2 any octet may arrive escaped, mapped or not")
    func extraEscapes() {
        var decoder = AsyncHDLCDecoder(receiveACCM: 0)
        let frame: [UInt8] = [0x41, 0xFF, 0x03]
        #expect(decoder.frames(from: framed(withFCS(frame).flatMap { octet -> [UInt8] in [0x7D, octet ^ 0x20] })) == [frame])
    }

    @Test("RFC 1662 §7.1 an unescaped control character flagged in the receive ACCM is discarded before the FCS")
    func discardsMappedControlCharacters() {
        var decoder = AsyncHDLCDecoder(receiveACCM: 0x000A_0000)  // XON, XOFF
        let escaped = Array(AsyncHDLCEncoder().encoded(lcpConfigureRequest).dropFirst().dropLast())
        // A modem inserts XON and XOFF everywhere, even between a Control Escape and its octet.
        let noisy: [UInt8] = escaped.flatMap { octet -> [UInt8] in [octet, 0x11] } + [0x13]
        #expect(decoder.frames(from: framed(noisy)) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters())
    }

    @Test("RFC 1662 §7.1 an unescaped control character not in the receive ACCM is data")
    func keepsUnmappedControlCharacters() {
        var decoder = AsyncHDLCDecoder(receiveACCM: 0)
        let frame: [UInt8] = [0x11, 0x13, 0x00, 0x1F]
        let line = AsyncHDLCEncoder(sendACCM: 0).encoded(frame)
        #expect(decoder.frames(from: line) == [frame])
        // The same line with 0x11 mapped on receive: the octet is dropped and the FCS fails.
        var strict = AsyncHDLCDecoder(receiveACCM: 1 << 0x11)
        #expect(strict.frames(from: line) == [])
        #expect(strict.counters == FramingErrorCounters(crcErrors: 1))
    }

    @Test("RFC 1662 §C.2 a bad FCS drops the frame, counts one CRC error, and the next frame decodes")
    func badFCS() {
        var decoder = AsyncHDLCDecoder()
        var corrupted = good
        corrupted[5] ^= 0x01  // C0 21 → C0 20: a data octet, not an escape or flag
        #expect(decoder.frames(from: corrupted + good) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters(crcErrors: 1))
    }

    @Test("RFC 1662 §C.3 with FCS-32, a frame with a valid FCS-16 is a CRC error")
    func wrongFCSKind() {
        var decoder = AsyncHDLCDecoder(fcs: .fcs32)
        #expect(decoder.frames(from: good) == [])
        #expect(decoder.counters == FramingErrorCounters(crcErrors: 1))
    }

    @Test("RFC 1662 §4.3 abort: Control Escape then Flag drops the frame as one framing error, and the flag starts the next")
    func abort() {
        var decoder = AsyncHDLCDecoder()
        let aborted: [UInt8] = [0x7E, 0xFF, 0x7D, 0x23, 0xC0, 0x7D]
        // The aborting flag doubles as the opening flag of the next frame.
        #expect(decoder.frames(from: aborted + good) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters(framingErrors: 1))
    }

    @Test("RFC 1662 §4.3 abort of a frame with no octets yet (7E 7D 7E) is still a framing error")
    func abortEmpty() {
        var decoder = AsyncHDLCDecoder()
        #expect(decoder.frames(from: [0x7E, 0x7D, 0x7E]) == [])
        #expect(decoder.counters == FramingErrorCounters(framingErrors: 1))
    }

    @Test("RFC 1662 §4.3 runt: fewer than 4 octets with FCS-16 is one alignment error, not a CRC error")
    func runtFCS16() {
        for length in 1...3 {
            var decoder = AsyncHDLCDecoder(receiveACCM: 0)
            // Even a runt whose last two octets are a valid FCS of the first is too short.
            let content = length == 3 ? withFCS([0x41]) : [UInt8](repeating: 0x41, count: length)
            #expect(decoder.frames(from: framed(content) + good.dropFirst()) == [lcpConfigureRequest])
            #expect(decoder.counters == FramingErrorCounters(alignmentErrors: 1))
        }
        // Four octets is the minimum: two octets of frame and the FCS.
        var decoder = AsyncHDLCDecoder()
        #expect(decoder.frames(from: AsyncHDLCEncoder().encoded([0x41, 0x42])) == [[0x41, 0x42]])
    }

    @Test("RFC 1662 §4.3 runt: with FCS-32 fewer than 6 octets is one alignment error")
    func runtFCS32() {
        var decoder = AsyncHDLCDecoder(receiveACCM: 0, fcs: .fcs32)
        #expect(decoder.frames(from: framed(withFCS([0x41], .fcs32))) == [])
        #expect(decoder.counters == FramingErrorCounters(alignmentErrors: 1))
        #expect(decoder.frames(from: AsyncHDLCEncoder(fcs: .fcs32).encoded([0x41, 0x42])) == [[0x41, 0x42]])
    }

    @Test("RFC 1662 §3.1 consecutive flags are empty frames: silently discarded, not counted")
    func emptyFrames() {
        var decoder = AsyncHDLCDecoder()
        let line = [UInt8](repeating: 0x7E, count: 10) + good + [0x7E, 0x7E] + good.dropFirst()
        #expect(decoder.frames(from: line) == [lcpConfigureRequest, lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters())
    }

    @Test("RFC 1662 §7.1 a gap holding only mapped control characters is an empty frame too")
    func emptyAfterDiscard() {
        var decoder = AsyncHDLCDecoder()
        #expect(decoder.frames(from: [0x7E, 0x11, 0x13, 0x00, 0x7E]) == [])
        #expect(decoder.counters == FramingErrorCounters())
    }

    @Test("RFC 1662 §4.4.2 one flag may both close a frame and open the next")
    func sharedFlag() {
        var decoder = AsyncHDLCDecoder()
        #expect(decoder.frames(from: good + good.dropFirst() + good.dropFirst()).count == 3)
    }

    @Test("RFC 1662 §4.1 characters before the first flag belong to no frame and are not counted")
    func huntsForFirstFlag() {
        var decoder = AsyncHDLCDecoder()
        #expect(decoder.frames(from: Array("CONNECT 33600\r\n".utf8) + good) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters())
    }

    @Test("RFC 1662 §4.1 the frame at exactly maximumFrameLength is accepted, one octet more is one buffer overrun")
    func maximumLength() {
        let encoder = AsyncHDLCEncoder(sendACCM: 0)
        var decoder = AsyncHDLCDecoder(maximumFrameLength: 100)
        let longest = [UInt8](repeating: 0x41, count: 100)
        #expect(decoder.frames(from: encoder.encoded(longest)) == [longest])
        let tooLong = longest + [0x41]
        #expect(decoder.frames(from: encoder.encoded(tooLong) + encoder.encoded(longest)) == [longest])
        #expect(decoder.counters == FramingErrorCounters(bufferOverruns: 1))
    }

    @Test("RFC 1662 §4.1 an endless frame is one buffer overrun, discarded in bounded memory until the next flag")
    func endlessFrame() {
        var decoder = AsyncHDLCDecoder(maximumFrameLength: 1532)
        let junk = [UInt8](repeating: 0x41, count: 64 * 1024)
        // More calls, escapes and control characters inside the discarded part change nothing:
        // the frame was counted once.
        #expect(decoder.frames(from: [0x7E] + junk) == [])
        #expect(decoder.frames(from: junk + [0x7D, 0x11, 0x7D] + junk) == [])
        #expect(decoder.counters == FramingErrorCounters(bufferOverruns: 1))
        #expect(decoder.frames(from: good) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters(bufferOverruns: 1))
    }

    @Test("RFC 1662 §4.2 changing the receive ACCM takes effect on the next octet")
    func receiveACCMChanges() {
        var decoder = AsyncHDLCDecoder(receiveACCM: 0xFFFF_FFFF)
        let line = AsyncHDLCEncoder(sendACCM: 0).encoded(lcpConfigureRequest)
        #expect(decoder.frames(from: line) == [])
        decoder.receiveACCM = 0
        #expect(decoder.frames(from: line) == [lcpConfigureRequest])
        #expect(decoder.counters == FramingErrorCounters(crcErrors: 1))
    }
}
