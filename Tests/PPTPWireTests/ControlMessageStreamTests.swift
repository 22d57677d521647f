import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing
@testable import PPTPWire

@Suite("RFC 2637 §1.4 control messages on a TCP stream")
struct ControlMessageStreamTests {
    private func messages() -> [ControlMessage] {
        var generator = MessageGenerator(seed: 11)
        return ControlMessageType.allCases.map { generator.message(of: $0) }
    }

    @Test("§1.4 partial and coalesced messages decode the same (NIO decoder verifier)")
    func verifier() throws {
        let all = messages()
        let pairs: [(ByteBuffer, [InboundControlMessage])] = all.map { message in
            (ByteBuffer(bytes: message.encoded), [.message(message)])
        } + [(ByteBuffer(bytes: all.flatMap(\.encoded)), all.map { .message($0) })]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { ControlMessageDecoder() }
    }

    @Test("§1.4 a stream fed one octet at a time yields every message in order")
    func octetAtATime() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(ControlMessageDecoder()))
        let all = messages()
        for byte in all.flatMap(\.encoded) {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        for message in all {
            #expect(try channel.readInbound(as: InboundControlMessage.self) == .message(message))
        }
        #expect(try channel.finish().isClean)
    }

    @Test("§2.16 a malformed message is handed up as rejected and the next one still decodes")
    func rejectedMessageKeepsSync() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(ControlMessageDecoder()))
        var unknown = ControlMessage.echoRequest(EchoRequest(identifier: 5)).encoded
        unknown[9] = 99
        let echo = ControlMessage.echoRequest(EchoRequest(identifier: 6))
        try channel.writeInbound(ByteBuffer(bytes: unknown + echo.encoded))
        guard case .rejected(let error, let bytes) = try channel.readInbound(as: InboundControlMessage.self) else {
            Issue.record("expected a rejected message")
            return
        }
        #expect(error.kind == .unknownControlMessageType)
        #expect(Array(bytes.readableBytesView) == unknown)
        #expect(try channel.readInbound(as: InboundControlMessage.self) == .message(echo))
        _ = try channel.finish()
    }

    @Test("§1.4 a wrong magic cookie raises an error so the connection closes")
    func badCookieCloses() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(ControlMessageDecoder()))
        var bytes = ControlMessage.echoRequest(EchoRequest(identifier: 5)).encoded
        bytes[7] = 0
        #expect(throws: ControlMessageDecodingError.self) { try channel.writeInbound(ByteBuffer(bytes: bytes)) }
        _ = try? channel.finish()
    }

    @Test("§1.4 a stream that ends inside a message reports how much arrived")
    func endOfStreamInsideMessage() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(ControlMessageDecoder()))
        let bytes = Self.partialRequest
        try channel.writeInbound(ByteBuffer(bytes: bytes))
        let error = try #require(throws: ControlMessageDecodingError.self) { try channel.finish() }
        #expect(error.kind == .endOfStreamInsideMessage(expected: 156))
        #expect(error.description == "Start-Control-Connection-Request: connection closed after 40 of 156 octets")
    }

    static let partialRequest = Array(
        ControlMessage.startControlConnectionRequest(
            StartControlConnectionRequest(
                framingCapabilities: .asynchronous, bearerCapabilities: .analog, maximumChannels: 0,
                firmwareRevision: 1, hostName: "pns", vendorName: "test"))
        .encoded.prefix(40))

    @Test("the encoder writes exactly the serializer's bytes")
    func encoder() throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(ControlMessageEncoder()))
        let message = ControlMessage.setLinkInfo(SetLinkInfo(peerCallID: 3, sendACCM: 0, receiveACCM: 0xA0000))
        try channel.writeOutbound(message)
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(Array(written.readableBytesView) == message.encoded)
        _ = try channel.finish()
    }
}
