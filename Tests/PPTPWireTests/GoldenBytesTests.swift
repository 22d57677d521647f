import InteropSupport
import NIOCore
import NIOEmbedded
import Testing
@testable import PPTPWire

/// The codec against bytes that real peers sent (pptp-linux 1.10.0 as PNS, pptpd 1.4.0 as
/// PAC; Fixtures/golden/pptp-linux-pptpd, docs/interop-notes.md).
@Suite("RFC 2637 golden bytes from pptp-linux and pptpd")
struct GoldenBytesTests {
    static func golden() throws -> [GoldenMessage] { try GoldenFixtures.messages() }
    static func control() throws -> [GoldenMessage] { try golden().filter { $0.kind == "control" } }
    static func gre() throws -> [GoldenMessage] { try golden().filter { $0.kind == "gre" } }

    @Test("the golden set holds control messages and GRE packets of both peers")
    func goldenSetIsComplete() throws {
        let golden = try Self.golden()
        #expect(golden.filter { $0.kind == "control" }.count == 40)
        #expect(golden.filter { $0.kind == "gre" }.count == 10)
        #expect(Set(golden.map(\.from)) == ["pns", "pac"])
        #expect(golden.allSatisfy { $0.bytes.count == $0.length })
    }

    @Test("§2 every real peer's control message decodes strictly, to its type, and re-encodes byte-exactly",
          arguments: try GoldenBytesTests.control())
    func controlMessageRoundTrip(golden: GoldenMessage) throws {
        let decoded = try ControlMessage.decode(golden.bytes, strictness: .strict)
        #expect(decoded.type.description == golden.type)
        #expect(Int(decoded.type.rawValue) == golden.typeCode)
        #expect(Hex.string(decoded.encoded) == Hex.string(golden.bytes))
    }

    /// What each golden GRE packet's header says, read off its hex by hand (flags 0x3001: S and
    /// K; 0x2081: K and A). Call IDs are random per capture: `scripts/capture-golden` changes them.
    static let expectedGREHeaders: [String: GREHeader] = [
        "05-pac-gre-data.hex": GREHeader(payloadLength: 14, callID: 0x4060, sequenceNumber: 0, acknowledgmentNumber: nil),
        "06-pns-gre-data.hex": GREHeader(payloadLength: 14, callID: 0, sequenceNumber: 1, acknowledgmentNumber: nil),
        "07-pac-gre-ack.hex": .acknowledgmentOnly(callID: 0x4060, acknowledgmentNumber: 1),
        "08-pns-gre-data.hex": GREHeader(payloadLength: 12, callID: 0, sequenceNumber: 2, acknowledgmentNumber: nil),
        "09-pac-gre-ack.hex": .acknowledgmentOnly(callID: 0x4060, acknowledgmentNumber: 2),
        "19-pac-gre-data.hex": GREHeader(payloadLength: 14, callID: 0x3FE3, sequenceNumber: 0, acknowledgmentNumber: nil),
        "25-pac-gre-data.hex": GREHeader(payloadLength: 14, callID: 0x361A, sequenceNumber: 0, acknowledgmentNumber: nil),
        "31-pac-gre-data.hex": GREHeader(payloadLength: 14, callID: 0xE69B, sequenceNumber: 0, acknowledgmentNumber: nil),
        "38-pac-gre-data.hex": GREHeader(payloadLength: 14, callID: 0, sequenceNumber: 0, acknowledgmentNumber: nil),
        "47-pac-gre-data.hex": GREHeader(payloadLength: 14, callID: 0xD56B, sequenceNumber: 0, acknowledgmentNumber: nil),
    ]

    @Test("§4.1 every real peer's GRE packet decodes to the expected header and re-encodes byte-exactly",
          arguments: try GoldenBytesTests.gre())
    func grePacketRoundTrip(golden: GoldenMessage) throws {
        var buffer = ByteBuffer(bytes: golden.bytes)
        let packet = try buffer.readGREPacket()
        #expect(packet.header == Self.expectedGREHeaders[golden.file])
        #expect(golden.type == (packet.header.sequenceNumber == nil ? "gre-ack" : "gre-data"))
        var encoded = ByteBuffer()
        encoded.writeGREHeader(packet.header)
        encoded.writeImmutableBuffer(packet.payload)
        #expect(Hex.string(encoded.readableBytesView) == Hex.string(golden.bytes))
    }

    @Test("§4.1 each peer keys its GRE packets with the Call ID the other peer assigned")
    func greCallIDIsThePeersCallID() throws {
        // The last call set up before each GRE packet: the PNS's ID from its Outgoing-Call-Request,
        // the PAC's from its Outgoing-Call-Reply.
        var pnsCallID: UInt16?
        var pacCallID: UInt16?
        for message in try Self.golden() {
            if message.kind == "control" {
                switch try ControlMessage.decode(message.bytes) {
                case .outgoingCallRequest(let request): pnsCallID = request.callID
                case .outgoingCallReply(let reply): pacCallID = reply.callID
                default: break
                }
                continue
            }
            var buffer = ByteBuffer(bytes: message.bytes)
            let callID = try buffer.readGREPacket().header.callID
            #expect(callID == (message.from == "pac" ? pnsCallID : pacCallID), "\(message)")
        }
    }

    /// One direction of one control connection: the byte stream one peer's decoder reads.
    struct ControlStream: Sendable, CustomStringConvertible {
        let tcpStream: Int
        let from: String
        let messages: [GoldenMessage]
        var description: String { "TCP stream \(tcpStream) from the \(from) (\(messages.count) messages)" }
    }

    static func streams() throws -> [ControlStream] {
        try Dictionary(grouping: control()) { "\($0.tcpStream!)-\($0.from)" }.values
            .map { ControlStream(tcpStream: $0[0].tcpStream!, from: $0[0].from, messages: $0.sorted { $0.order < $1.order }) }
            .sorted { ($0.tcpStream, $0.from) < ($1.tcpStream, $1.from) }
    }

    @Test("§1.4 each real control stream, cut at random points, decodes to the same messages in order",
          arguments: try GoldenBytesTests.streams())
    func streamCutAtRandomPoints(stream: ControlStream) throws {
        let expected = try stream.messages.map { InboundControlMessage.message(try ControlMessage.decode($0.bytes)) }
        let bytes = stream.messages.flatMap(\.bytes)
        var rng = SeededGenerator(seed: UInt64(stream.tcpStream * 2 + (stream.from == "pns" ? 0 : 1)))
        for _ in 0..<50 {
            let channel = EmbeddedChannel(handler: ByteToMessageHandler(ControlMessageDecoder(strictness: .strict)))
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int.random(in: 1...200, using: &rng))
                try channel.writeInbound(ByteBuffer(bytes: bytes[start..<end]))
                start = end
            }
            var decoded: [InboundControlMessage] = []
            while let item = try channel.readInbound(as: InboundControlMessage.self) { decoded.append(item) }
            #expect(decoded == expected)
            #expect(try channel.finish().isClean)
        }
    }

    @Test("§2.5 pptpd writes its own Echo-Request Identifier in host byte order; it is opaque, so it round-trips")
    func pptpdEchoIdentifierIsLittleEndian() throws {
        let echo = try #require(Self.control().first { $0.from == "pac" && $0.type == "Echo-Request" })
        #expect(try ControlMessage.decode(echo.bytes) == .echoRequest(EchoRequest(identifier: 0x0100_0000)))
    }

    @Test("§2.1 pptp-linux announces Maximum Channels 65535 although a PNS SHOULD send 0")
    func pptpLinuxMaximumChannels() throws {
        let request = try #require(Self.control().first { $0.type == "Start-Control-Connection-Request" })
        guard case .startControlConnectionRequest(let decoded) = try ControlMessage.decode(request.bytes) else {
            Issue.record("\(request) is not a Start-Control-Connection-Request")
            return
        }
        #expect(decoded.maximumChannels == 0xFFFF)
        #expect(decoded.hostName == "local")
        #expect(decoded.vendorName == "cananian")
    }

    @Test("§2.2 pptpd's Start-Control-Connection-Reply offers no framing and no bearer capability")
    func pptpdAnnouncesNoCapabilities() throws {
        let reply = try #require(Self.control().first { $0.type == "Start-Control-Connection-Reply" })
        guard case .startControlConnectionReply(let decoded) = try ControlMessage.decode(reply.bytes) else {
            Issue.record("\(reply) is not a Start-Control-Connection-Reply")
            return
        }
        #expect(decoded.framingCapabilities == [])
        #expect(decoded.bearerCapabilities == [])
        #expect(decoded.resultCode == .successful)
    }
}
