import LineHAL
import NIOCore
import SimulatedLines
import Testing

@Suite("Scripted PPP peer (RFC 1661 LCP)")
struct PPPPeerTests {
    private func lcp(code: UInt8, id: UInt8, data: [UInt8]) -> [UInt8] {
        [0xFF, 0x03, 0xC0, 0x21, code, id, 0, UInt8(4 + data.count)] + data
    }

    @Test("Configure-Request is acked unchanged and answered with the peer's own request; Echo-Request gets an Echo-Reply", arguments: [false, true])
    func opensAndKeepsAlive(isdn: Bool) throws {
        let net = TestNetwork()
        let (line, recorder) = isdn ? net.bChannel() : net.modemLine()
        try net.connect(line, to: isdn ? Numbers.isdnPPP : Numbers.v34PPP, bearer: isdn ? .digital : .analog)
        let magic: [UInt8] = isdn ? [0xCA, 0xFE, 0xF0, 0x0D] : [0x12, 0x34, 0x56, 0x78]
        // MRU 1500, ACCM 0, Magic-Number.
        let options: [UInt8] = [1, 4, 0x05, 0xDC, 2, 6, 0, 0, 0, 0, 5, 6, 0xAA, 0xBB, 0xCC, 0xDD]
        line.send(frame: ByteBuffer(lcp(code: 1, id: 7, data: options)))
        net.advance(seconds: 1)
        #expect(recorder.frames == [lcp(code: 2, id: 7, data: options), lcp(code: 1, id: 1, data: [5, 6] + magic)])
        line.send(frame: ByteBuffer(lcp(code: 9, id: 8, data: [0xAA, 0xBB, 0xCC, 0xDD, 0x42])))
        net.advance(seconds: 1)
        #expect(recorder.frames.last == lcp(code: 10, id: 8, data: magic + [0x42]))
    }

    @Test("unknown LCP codes are rejected, Terminate-Request is acked, other protocols are ignored")
    func otherPackets() throws {
        let net = TestNetwork()
        let (line, recorder) = net.bChannel()
        try net.connect(line, to: Numbers.isdnPPP, bearer: .digital)
        line.send(frame: ByteBuffer(lcp(code: 42, id: 3, data: [1, 2])))
        line.send(frame: ByteBuffer(pppFrame(length: 30)))
        line.send(frame: ByteBuffer(lcp(code: 5, id: 4, data: [])))
        net.advance(seconds: 1)
        #expect(recorder.frames == [lcp(code: 7, id: 3, data: [42, 3, 0, 6, 1, 2]), lcp(code: 6, id: 4, data: [])])
    }
}
