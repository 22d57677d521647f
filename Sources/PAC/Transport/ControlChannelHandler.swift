import NIOCore
import PPTPProtocol
import PPTPWire

/// The control connection's last pipeline handler: hands decoded messages to the engine and
/// nothing else (ARCHITECTURE rule 3). The engine writes replies on the channel itself.
final class ControlChannelHandler: ChannelInboundHandler {
    typealias InboundIn = InboundControlMessage

    private let engine: PACEngine
    private let origin: ControlConnectionOrigin
    private var id: ConnectionID?

    init(engine: PACEngine, origin: ControlConnectionOrigin) {
        self.engine = engine
        self.origin = origin
    }

    func channelActive(context: ChannelHandlerContext) {
        id = engine.connectionOpened(context.channel, origin: origin)
        guard id != nil else { return context.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let id else { return }
        engine.received(unwrapInboundIn(data), on: id)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let id, let limit = event as? StreamLimit { engine.streamLimitExceeded(limit, on: id) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let id, let error = error as? ControlMessageDecodingError {
            engine.streamFailed(error, on: id)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id { engine.connectionClosed(id) }
        id = nil
        context.fireChannelInactive()
    }
}
