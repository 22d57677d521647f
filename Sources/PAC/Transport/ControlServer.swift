import NIOCore
import NIOPosix
import PPTPProtocol
import PPTPWire

/// Listens for PNS control connections (RFC 2637 §1.4: TCP port 1723) on the engine's event
/// loop, so every connection shares the engine's loop and needs no locks.
public enum ControlServer {
    /// The pipeline of one control connection; public for in-memory connections (the scenario
    /// runner's virtual time).
    public static func configure(
        _ channel: any Channel, engine: PACEngine, origin: ControlConnectionOrigin = .receiver
    ) throws {
        // First in the pipeline, so that the capture sees the bytes as the socket does.
        if let capture = engine.capture?.controlHandler(for: channel, origin: origin) {
            try channel.pipeline.syncOperations.addHandler(capture)
        }
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(
                GuardedControlMessageDecoder(limits: engine.limits, awaitsFirstMessage: origin == .receiver)),
            MessageToByteHandler(ControlMessageEncoder()),
            ControlChannelHandler(engine: engine, origin: origin),
        ])
    }

    /// Binds `host:port` and serves control connections until the returned channel closes.
    public static func start(engine: PACEngine, host: String, port: Int) -> EventLoopFuture<any Channel> {
        let bound = NIOLoopBound(engine, eventLoop: engine.eventLoop)
        return ServerBootstrap(group: engine.eventLoop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try configure(channel, engine: bound.value) }
            }
            .bind(host: host, port: port)
    }
}
