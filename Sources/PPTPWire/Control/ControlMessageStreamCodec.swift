import NIOCore

/// What the control-connection decoder hands up the pipeline for each message on the stream.
public enum InboundControlMessage: Hashable, Sendable {
    /// A well-formed message.
    case message(ControlMessage)
    /// A message whose boundaries were sound but whose content was not: the stream stays in
    /// sync, the message is skipped, and the protocol layer answers it (General Error with
    /// `error.generalErrorCode` where a reply exists) and logs `bytes`.
    case rejected(ControlMessageDecodingError, bytes: ByteBuffer)
}

/// Splits the TCP byte stream of a control connection into messages, however TCP cuts or
/// coalesces them (RFC 2637 §1.4). Throws — so the pipeline closes the connection — only when
/// synchronization is lost: a wrong Magic Cookie, an impossible Length, or a stream that ends
/// inside a message.
public struct ControlMessageDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = InboundControlMessage

    public let strictness: ControlMessageParser.Strictness

    public init(strictness: ControlMessageParser.Strictness = .strict) {
        self.strictness = strictness
    }

    /// Decodes the next item, or returns nil while the buffer holds only part of a message.
    public func next(from buffer: inout ByteBuffer) throws(ControlMessageDecodingError) -> InboundControlMessage? {
        guard let length = try ControlMessageParser.messageLength(in: buffer),
            let bytes = buffer.readSlice(length: length)
        else { return nil }
        do {
            return .message(try ControlMessageParser.parse(bytes, strictness: strictness))
        } catch {
            return .rejected(error, bytes: bytes)
        }
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let item = try next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(item))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool)
        throws -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        guard buffer.readableBytes > 0 else { return .needMoreData }
        let expected = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self).map(Int.init) ?? 0
        let type = buffer.getInteger(at: buffer.readerIndex + 8, as: UInt16.self)
            .flatMap(ControlMessageType.init(rawValue:))
        let available = buffer.readableBytes
        buffer.moveReaderIndex(forwardBy: available)
        throw ControlMessageDecodingError(
            kind: .endOfStreamInsideMessage(expected: expected), messageType: type, field: "Length", offset: 0,
            value: UInt64(available))
    }
}

/// Serializes outbound control messages onto the TCP stream.
public struct ControlMessageEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = ControlMessage

    public init() {}

    public func encode(data: ControlMessage, out: inout ByteBuffer) {
        out.writeControlMessage(data)
    }
}
