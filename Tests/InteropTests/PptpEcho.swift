import HDLC
import InteropSupport
import Testing

/// An echo call through pptp-linux: PPP frames written into pptp's pty (pppd's side) must
/// come back out of it byte-exact, whatever line carries the call.
enum PptpEcho {
    /// Writes an LCP Configure-Request until the call carries it back, then LCP Echo-Requests
    /// carrying random data and every octet value (so every control character is escaped on
    /// the way, RFC 1661 §5.8), and expects each back unchanged.
    static func expectEchoed(
        through terminal: PseudoTerminal, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var rng = SystemRandomNumberGenerator()
        let sent: [[UInt8]] = [[0xFF, 0x03, 0xC0, 0x21, 0x01, 0x01, 0x00, 0x04]]
            + (0..<3).map { id in echoRequest(id: UInt8(id), (0..<200).map { _ in UInt8.random(in: 0...255, using: &rng) }) }
            + [echoRequest(id: 9, (0...255).map(UInt8.init))]
        // pptp forwards nothing until its call is connected: repeat a first frame until it echoes.
        var first: [[UInt8]] = []
        for _ in 0..<20 where first.isEmpty {
            try terminal.write(framed([sent[0]]))
            first = deframe((try? await terminal.read(within: 1)) ?? [])
        }
        #expect(first.first == sent[0], "the first frame did not come back: \(first)", sourceLocation: sourceLocation)
        try terminal.write(framed(Array(sent.dropFirst())))
        var bytes: [UInt8] = []
        var echoed: [[UInt8]] = []
        for _ in 0..<20 where echoed.count < sent.count - 1 {
            bytes += (try? await terminal.read(within: 1)) ?? []
            echoed = deframe(bytes).filter { $0 != sent[0] }  // late echoes of the repeated first frame
        }
        #expect(echoed == Array(sent.dropFirst()), "echoed frames differ: \(echoed.map(\.count))", sourceLocation: sourceLocation)
    }

    /// PPP frames as pptp's pty carries them (pppd's side): async HDLC, default ACCM.
    static func framed(_ frames: [[UInt8]]) -> [UInt8] {
        let encoder = AsyncHDLCEncoder()
        var bytes: [UInt8] = []
        for frame in frames { encoder.encode(frame, into: &bytes) }
        return bytes
    }

    static func echoRequest(id: UInt8, _ data: [UInt8]) -> [UInt8] {
        let length = 8 + data.count
        return [0xFF, 0x03, 0xC0, 0x21, 0x09, id, UInt8(length >> 8), UInt8(length & 0xFF), 0x50, 0x41, 0x43, 0x21] + data
    }

    static func deframe(_ bytes: [UInt8]) -> [[UInt8]] {
        var decoder = AsyncHDLCDecoder()
        var frames: [[UInt8]] = []
        decoder.decode(bytes) { frames.append(Array($0)) }
        return frames
    }
}
