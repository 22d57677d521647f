import DequeModule
import Logging
import NIOCore
import NIOPosix
import PPTPProtocol
import PPTPWire

/// The PNS role as a receiver: a PAC may open the control connection (RFC 2637 §3.1: either
/// side may), e.g. to offer an incoming call when no PNS is connected. Every established
/// connection becomes a `PNSClient`.
public final class PNSListener: Sendable {
    public let channel: any Channel
    private let accepted: NIOLoopBound<Accepted>

    final class Accepted {
        var clients: Deque<PNSClient> = []
        var waiters: Deque<EventLoopPromise<PNSClient>> = []

        func add(_ client: PNSClient) {
            if let waiter = waiters.popFirst() { waiter.succeed(client) } else { clients.append(client) }
        }
    }

    private init(channel: any Channel, accepted: NIOLoopBound<Accepted>) {
        self.channel = channel
        self.accepted = accepted
    }

    /// Listens on `host:port` (port 0 picks one: see `channel.localAddress`).
    public static func start(
        host: String, port: Int = PPTPHeader.tcpPort, group: any EventLoopGroup,
        configuration: ControlConnectionConfiguration = .init(role: .pns, hostName: "pac-pns", vendorName: "PAC"),
        logger: Logger = Logger(label: "pac.pns")
    ) -> EventLoopFuture<PNSListener> {
        let eventLoop = group.next()
        return eventLoop.flatSubmit {
            let accepted = NIOLoopBound(Accepted(), eventLoop: eventLoop)
            return ServerBootstrap(group: eventLoop)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let established = channel.eventLoop.makePromise(of: PeerIdentity.self)
                        let handler = PNSConnectionHandler(
                            configuration: configuration, origin: .receiver, established: established, logger: logger)
                        try PNSClient.addHandlers(to: channel, handler)
                        let bound = NIOLoopBound(handler, eventLoop: channel.eventLoop)
                        established.futureResult.whenSuccess { _ in
                            accepted.value.add(PNSClient(channel: channel, handler: bound))
                        }
                    }
                }
                .bind(host: host, port: port)
                .map { PNSListener(channel: $0, accepted: accepted) }
        }
    }

    /// The next PAC whose control connection is established.
    public func nextConnection() -> EventLoopFuture<PNSClient> {
        let accepted = self.accepted
        return channel.eventLoop.flatSubmit {
            if let client = accepted.value.clients.popFirst() { return self.channel.eventLoop.makeSucceededFuture(client) }
            let promise = self.channel.eventLoop.makePromise(of: PNSClient.self)
            accepted.value.waiters.append(promise)
            return promise.futureResult
        }
    }

    public func close() -> EventLoopFuture<Void> { channel.close() }
}
