import HDLC
import Testing

@Suite("RFC 1662 §4 async HDLC encoder")
struct AsyncHDLCEncoderTests {
    /// RFC 1662 §4.2, written out the plain way: what the line must carry for `bytes`.
    func referenceEscape(_ bytes: [UInt8], accm: UInt32) -> [UInt8] {
        bytes.flatMap { octet -> [UInt8] in
            let mapped = octet < 0x20 && accm & (1 << UInt32(octet)) != 0
            return octet == 0x7E || octet == 0x7D || mapped ? [0x7D, octet ^ 0x20] : [octet]
        }
    }

    /// The octets between the flags of one encoded frame.
    func body(_ encoded: [UInt8]) -> ArraySlice<UInt8> {
        encoded.dropFirst().dropLast()
    }

    @Test("RFC 1662 §4.1 each frame is sent between two Flag Sequences, with no flag inside")
    func flags() {
        let encoded = AsyncHDLCEncoder().encoded([0x7E, 0x7E, 0x7E])
        #expect(encoded.first == 0x7E)
        #expect(encoded.last == 0x7E)
        #expect(!body(encoded).contains(0x7E))
    }

    @Test("RFC 1662 §4.2 control-escape: 0x7E → 7D 5E, 0x7D → 7D 5D, ETX 0x03 → 7D 23")
    func rfcExamples() {
        let encoder = AsyncHDLCEncoder(sendACCM: 0xFFFF_FFFF)
        for (octet, escaped) in [(0x7E, 0x5E), (0x7D, 0x5D), (0x03, 0x23)] as [(UInt8, UInt8)] {
            #expect(Array(body(encoder.encoded([octet, 0x41, 0x41])).prefix(2)) == [0x7D, escaped])
        }
    }

    @Test("RFC 1662 §4.2 §7.1 XON 0x11 → 7D 31 and XOFF 0x13 → 7D 33 when the send ACCM maps them")
    func xonXoff() {
        let encoder = AsyncHDLCEncoder(sendACCM: 0x000A_0000)  // bits 17 and 19
        #expect(Array(body(encoder.encoded([0x11, 0x41])).prefix(2)) == [0x7D, 0x31])
        #expect(Array(body(encoder.encoded([0x13, 0x41])).prefix(2)) == [0x7D, 0x33])
        // Control characters not in that ACCM go out as they are.
        #expect(Array(body(encoder.encoded([0x03, 0x41])).prefix(2)) == [0x03, 0x41])
    }

    @Test("RFC 1662 §7.1 a new send ACCM (Set-Link-Info) applies from the next frame")
    func sendACCMChanges() {
        var encoder = AsyncHDLCEncoder()
        #expect(Array(body(encoder.encoded([0x03, 0x41])).prefix(2)) == [0x7D, 0x23])
        encoder.sendACCM = 0
        #expect(Array(body(encoder.encoded([0x03, 0x41])).prefix(2)) == [0x03, 0x41])
        encoder.sendACCM = 1 << 3
        #expect(Array(body(encoder.encoded([0x03, 0x41])).prefix(2)) == [0x7D, 0x23])
    }

    @Test("RFC 1662 §4.2 with ACCM 0 only the flag and the control escape are escaped")
    func accmZero() {
        let frame = Array(0...255).map(UInt8.init)
        #expect(Array(body(AsyncHDLCEncoder(sendACCM: 0).encoded(frame))) == referenceEscape(withFCS(frame), accm: 0))
        #expect(referenceEscape([0x7E, 0x7D, 0x00, 0x1F], accm: 0) == [0x7D, 0x5E, 0x7D, 0x5D, 0x00, 0x1F])
    }

    @Test("RFC 1662 §4.2 §7.1 with the default ACCM every octet below 0x20 is escaped, others are not")
    func defaultACCM() {
        let frame = Array(0...255).map(UInt8.init)
        let escaped = Array(body(AsyncHDLCEncoder().encoded(frame)))
        #expect(escaped == referenceEscape(withFCS(frame), accm: 0xFFFF_FFFF))
        #expect(escaped.allSatisfy { $0 >= 0x20 })
    }

    @Test("RFC 1662 §3.1 an LCP frame: FF 03 kept as given, FCS-16 appended least significant octet first")
    func lcpFrame() {
        let encoded = AsyncHDLCEncoder().encoded(lcpConfigureRequest)
        let fcs = ~FCS16.compute(lcpConfigureRequest)
        #expect(Array(encoded.prefix(14)) == [0x7E, 0xFF, 0x7D, 0x23, 0xC0, 0x21, 0x7D, 0x21, 0x7D, 0x21, 0x7D, 0x20, 0x7D, 0x24])
        var unescapedTail: [UInt8] = []
        var escaped = false
        for octet in encoded.dropFirst(14).dropLast() {
            if octet == 0x7D { escaped = true; continue }
            unescapedTail.append(escaped ? octet ^ 0x20 : octet)
            escaped = false
        }
        #expect(unescapedTail == [UInt8(fcs & 0xFF), UInt8(fcs >> 8)])
    }

    @Test("RFC 1662 §3.2 the framer neither adds nor strips the FF 03 Address and Control fields")
    func addressAndControlUntouched() {
        let compressed: [UInt8] = [0x21, 0x45, 0x00]  // ACFC and PFC: IPv4, no FF 03
        var decoder = AsyncHDLCDecoder()
        #expect(decoder.frames(from: AsyncHDLCEncoder().encoded(compressed)) == [compressed])
        #expect(decoder.frames(from: AsyncHDLCEncoder().encoded(lcpConfigureRequest)) == [lcpConfigureRequest])
    }

    @Test("RFC 1662 §C.3 with FCS-32 four FCS octets follow the frame")
    func fcs32() {
        let frame: [UInt8] = [0x41, 0x42, 0x43]
        let encoded = AsyncHDLCEncoder(sendACCM: 0, fcs: .fcs32).encoded(frame)
        #expect(Array(body(encoded)) == referenceEscape(withFCS(frame, .fcs32), accm: 0))
        var decoder = AsyncHDLCDecoder(receiveACCM: 0, fcs: .fcs32)
        #expect(decoder.frames(from: encoded) == [frame])
    }

    @Test("encode appends to the caller's array and keeps what was there")
    func appends() {
        var output: [UInt8] = [1, 2, 3]
        AsyncHDLCEncoder().encode([0x41, 0x42], into: &output)
        #expect(Array(output.prefix(4)) == [1, 2, 3, 0x7E])
        let firstLength = output.count
        AsyncHDLCEncoder().encode([0x41, 0x42], into: &output)
        #expect(Array(output[3..<firstLength]) == Array(output[firstLength...]))
    }

    @Test("a reused output array keeps its storage: no allocation per frame in steady state")
    func reusesStorage() {
        var output: [UInt8] = []
        let encoder = AsyncHDLCEncoder()
        let frame = [UInt8](repeating: 0x7E, count: 1500)  // the worst case: every octet escaped
        encoder.encode(frame, into: &output)
        let storage = output.withUnsafeBufferPointer { $0.baseAddress }
        for _ in 0..<100 {
            output.removeAll(keepingCapacity: true)
            encoder.encode(frame, into: &output)
            #expect(output.withUnsafeBufferPointer { $0.baseAddress } == storage)
        }
    }
}
