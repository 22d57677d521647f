import NIOCore
import PPTPWire

/// `ControlMessageDecoder` with the stream limits of a PNS's connection: time to the first
/// complete message, time to complete each message once begun (a byte-a-second sender), and
/// messages per second. Timers run on the channel's event loop, so tests drive them in
/// virtual time. When a limit is broken it fires a `StreamLimit` user event, discards what is
/// buffered and closes the channel.
struct GuardedControlMessageDecoder: ByteToMessageDecoder {
    typealias InboundOut = InboundControlMessage

    /// Timer state shared by the decoder's copies (the handler mutates the decoder in place,
    /// but scheduled tasks must reach the same state).
    private final class Timers {
        var firstMessage: Scheduled<Void>?
        var completion: Scheduled<Void>?
        var tripped = false
        /// Octets of the incomplete message buffered at the last read, for the log line.
        var buffered = 0
    }

    private let decoder = ControlMessageDecoder()
    private let limits: ControlLimits
    private let awaitsFirstMessage: Bool
    private let timers = Timers()
    private var messages: TokenBucket?

    /// - Parameter awaitsFirstMessage: true for a connection the peer opened.
    init(limits: ControlLimits, awaitsFirstMessage: Bool) {
        self.limits = limits
        self.awaitsFirstMessage = awaitsFirstMessage
    }

    mutating func decoderAdded(context: ChannelHandlerContext) {
        messages = TokenBucket(limits.messageRate, now: context.eventLoop.now)
        guard awaitsFirstMessage else { return }
        let after = limits.firstMessageTimeout
        timers.firstMessage = schedule(in: after, context: context) { _ in .noFirstMessage(after: after) }
    }

    mutating func decoderRemoved(context: ChannelHandlerContext) {
        timers.firstMessage?.cancel()
        timers.completion?.cancel()
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard !timers.tripped else {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        guard let item = try decoder.next(from: &buffer) else {
            timers.buffered = buffer.readableBytes
            armCompletionTimer(pending: buffer.readableBytes, context: context)
            return .needMoreData
        }
        timers.firstMessage?.cancel()
        timers.firstMessage = nil
        timers.completion?.cancel()
        timers.completion = nil
        guard messages?.take(now: context.eventLoop.now) ?? true else {
            trip(.messageFlood(perSecond: limits.messagesPerSecond, burst: limits.messageBurst), context: context)
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        context.fireChannelRead(Self.wrapInboundOut(item))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        timers.completion?.cancel()
        guard !timers.tripped else {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        var inner = decoder
        return try inner.decodeLast(context: context, buffer: &buffer, seenEOF: seenEOF)
    }

    /// RFC 2637 §1.4 lets TCP cut a message anywhere, so a partial message is normal; one
    /// that stays partial for the whole bound is not. The bound runs from the first octet of
    /// the message, not from the latest one, so trickling octets does not extend it.
    private func armCompletionTimer(pending: Int, context: ChannelHandlerContext) {
        guard pending > 0, timers.completion == nil else { return }
        let after = limits.messageCompletionTimeout
        timers.completion = schedule(in: after, context: context) { timers in
            .incompleteMessage(bufferedOctets: timers.buffered, after: after)
        }
    }

    private func schedule(
        in amount: TimeAmount, context: ChannelHandlerContext, _ limit: @escaping (Timers) -> StreamLimit
    ) -> Scheduled<Void> {
        let bound = NIOLoopBound((context, timers, limit), eventLoop: context.eventLoop)
        return context.eventLoop.scheduleTask(in: amount) {
            let (context, timers, limit) = bound.value
            guard !timers.tripped, context.channel.isActive else { return }
            Self.trip(limit(timers), timers: timers, context: context)
        }
    }

    private func trip(_ limit: StreamLimit, context: ChannelHandlerContext) {
        Self.trip(limit, timers: timers, context: context)
    }

    private static func trip(_ limit: StreamLimit, timers: Timers, context: ChannelHandlerContext) {
        timers.tripped = true
        timers.firstMessage?.cancel()
        timers.completion?.cancel()
        context.fireUserInboundEventTriggered(limit)
        context.close(promise: nil)
    }
}
