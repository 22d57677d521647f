import HDLC
import LineHAL

/// `FarEndKind.pppPeer`: a PPP peer that follows RFC 1661's LCP far enough for a PAC's traffic
/// to look like a real call: it opens LCP and answers keep-alives. It frames with the line's
/// own framing (async or sync HDLC), so it sees exactly the damage the wire did.
final class PPPPeerFarEnd: FarEnd {
    private var framer: LineFramer
    private let magicNumber: UInt32
    private var port: CircuitPort?
    private var sentConfigureRequest = false
    private var output: [UInt8] = []

    /// RFC 1661 §5: LCP codes the peer handles.
    private enum Code: UInt8 {
        case configureRequest = 1
        case configureAck = 2
        case terminateRequest = 5
        case terminateAck = 6
        case codeReject = 7
        case echoRequest = 9
        case echoReply = 10
    }

    private static let lcpProtocol: UInt16 = 0xC021
    private static let magicNumberOption: UInt8 = 5

    init(framing: Framing, magicNumber: UInt32) {
        // Receives every character as data (the line may stop escaping once the PNS sets an
        // ACCM) and escapes all control characters when sending, which any receiver accepts.
        self.framer = LineFramer(framing: framing, accm: ACCM(send: 0xFFFF_FFFF, receive: 0))
        self.magicNumber = magicNumber
    }

    func start(port: CircuitPort) { self.port = port }
    func stop() { port = nil }

    func receive(_ characters: UnsafeRawBufferPointer) {
        var replies: [[UInt8]] = []
        framer.decode(characters) { frame in replies += self.replies(to: Array(frame)) }
        for reply in replies { send(reply) }
    }

    /// What the peer answers to one PPP frame. RFC 1661 §4.4: a Configure-Request is acked with
    /// its options unchanged (§5.2), and the peer sends its own request if it has not yet.
    private func replies(to frame: [UInt8]) -> [[UInt8]] {
        guard let packet = LCPPacket(frame: frame) else { return [] }
        switch Code(rawValue: packet.code) {
        case .configureRequest:
            var replies = [packet.reply(code: Code.configureAck.rawValue, data: packet.data)]
            if !sentConfigureRequest {
                sentConfigureRequest = true
                let magic = withUnsafeBytes(of: magicNumber.bigEndian, Array.init)
                replies.append(LCPPacket.frame(code: Code.configureRequest.rawValue, identifier: 1, data: [Self.magicNumberOption, 6] + magic))
            }
            return replies
        case .echoRequest:
            // RFC 1661 §5.8: the reply carries our Magic-Number, then the request's data.
            let magic = withUnsafeBytes(of: magicNumber.bigEndian, Array.init)
            return [packet.reply(code: Code.echoReply.rawValue, data: magic + packet.data.dropFirst(4))]
        case .terminateRequest:
            return [packet.reply(code: Code.terminateAck.rawValue, data: [])]
        case .configureAck, .terminateAck, .echoReply, .codeReject:
            return []
        case nil:
            // RFC 1661 §5.6: an unknown code is rejected with the packet it came in.
            return [packet.reply(code: Code.codeReject.rawValue, data: packet.bytes)]
        }
    }

    private func send(_ frame: [UInt8]) {
        output.removeAll(keepingCapacity: true)
        frame.withUnsafeBytes { framer.encode($0, into: &output) }
        output.withUnsafeBytes { port?.transmit($0) }
    }
}

/// An LCP packet inside a PPP frame, as RFC 1661 §5 lays it out.
struct LCPPacket {
    var code: UInt8
    var identifier: UInt8
    var data: [UInt8]
    /// The whole packet: code, identifier, length, data.
    var bytes: [UInt8]

    /// Parses a frame with or without the Address/Control field (RFC 1661 §6.6, ACFC); nil
    /// unless it carries LCP, whose protocol field is never compressed (§6.5).
    init?(frame: [UInt8]) {
        var offset = frame.starts(with: [0xFF, 0x03]) ? 2 : 0
        guard frame.count >= offset + 2, frame[offset] == 0xC0, frame[offset + 1] == 0x21 else { return nil }
        offset += 2
        guard frame.count >= offset + 4 else { return nil }
        let length = Int(frame[offset + 2]) << 8 | Int(frame[offset + 3])
        guard length >= 4, frame.count >= offset + length else { return nil }
        code = frame[offset]
        identifier = frame[offset + 1]
        data = Array(frame[(offset + 4)..<(offset + length)])
        bytes = Array(frame[offset..<(offset + length)])
    }

    func reply(code: UInt8, data: [UInt8]) -> [UInt8] {
        Self.frame(code: code, identifier: identifier, data: data)
    }

    /// A complete PPP frame: Address, Control, LCP protocol, then the packet.
    static func frame(code: UInt8, identifier: UInt8, data: [UInt8]) -> [UInt8] {
        let length = 4 + data.count
        return [0xFF, 0x03, 0xC0, 0x21, code, identifier, UInt8(length >> 8), UInt8(length & 0xFF)] + data
    }
}
