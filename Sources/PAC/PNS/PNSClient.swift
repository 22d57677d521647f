import Logging
import NIOCore
import NIOPosix
import PPTPProtocol
import PPTPWire

/// The project's PNS role (RFC 2637 §3.2.3.2, §3.2.4.2): opens a control connection to any
/// PAC, places and clears calls, accepts incoming ones. Used by `pac pns`, the interop tests
/// and the load driver. Every method may be called from any thread; replies come as futures.
public final class PNSClient: Sendable {
    public let channel: any Channel
    private let handler: NIOLoopBound<PNSConnectionHandler>

    init(channel: any Channel, handler: NIOLoopBound<PNSConnectionHandler>) {
        self.channel = channel
        self.handler = handler
    }

    /// Connects to `host:port` and completes once the control connection is established.
    /// A PAC on this host is reached from a second loopback address (`PNSLocalAddress`).
    /// `callIDs`: the Call IDs this connection hands out; a PNS whose connections share one
    /// GRE socket gives each its own range, since GRE tells calls apart by Call ID alone.
    public static func connect(
        host: String, port: Int = PPTPHeader.tcpPort, group: any EventLoopGroup,
        configuration: ControlConnectionConfiguration = .init(role: .pns, hostName: "pac-pns", vendorName: "PAC"),
        callIDs: ClosedRange<UInt16> = 1...UInt16.max, logger: Logger = Logger(label: "pac.pns")
    ) -> EventLoopFuture<PNSClient> {
        let eventLoop = group.next()
        return eventLoop.flatSubmit {
            let bootstrap: ClientBootstrap
            do {
                bootstrap = try ClientBootstrap(group: eventLoop).bound(towardPAC: host)
            } catch {
                return eventLoop.makeFailedFuture(error)
            }
            let established = eventLoop.makePromise(of: PeerIdentity.self)
            let handler = NIOLoopBound(
                PNSConnectionHandler(
                    configuration: configuration, origin: .originator, established: established,
                    callIDs: CallIdentifiers(range: callIDs), logger: logger),
                eventLoop: eventLoop)
            let connected = bootstrap
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try addHandlers(to: channel, handler.value) }
                }
                .connect(host: host, port: port)
            // No connection, no handler to settle the promise: settle it here.
            connected.whenFailure { established.fail($0) }
            return connected.flatMap { channel in
                established.futureResult.map { _ in PNSClient(channel: channel, handler: handler) }
            }
        }
    }

    /// The control-connection pipeline of the PNS role.
    static func addHandlers(to channel: any Channel, _ handler: PNSConnectionHandler) throws {
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(ControlMessageDecoder()),
            MessageToByteHandler(ControlMessageEncoder()),
            handler,
        ])
    }

    private var eventLoop: any EventLoop { channel.eventLoop }

    private func onLoop<T: Sendable>(_ body: @escaping @Sendable (PNSConnectionHandler) -> EventLoopFuture<T>)
        -> EventLoopFuture<T>
    {
        let handler = self.handler
        return eventLoop.flatSubmit { body(handler.value) }
    }

    /// The PAC as its Start-Control-Connection-Reply describes it.
    public var peer: EventLoopFuture<PeerIdentity?> { onLoop { $0.eventLoop.makeSucceededFuture($0.core.peer) } }

    /// Places a call; completes with our Call ID and the PAC's Outgoing-Call-Reply.
    public func placeCall(_ parameters: ControlConnection.OutgoingCallParameters)
        -> EventLoopFuture<(callID: UInt16, reply: OutgoingCallReply)>
    {
        onLoop { $0.placeCall(parameters) }
    }

    /// Clears a call; completes with the PAC's Call-Disconnect-Notify.
    public func clearCall(_ callID: UInt16) -> EventLoopFuture<CallDisconnectNotify> {
        onLoop { $0.clearCall(callID) }
    }

    /// Completes when the PAC disconnects the call on its own (or after `clearCall`).
    public func disconnected(_ callID: UInt16) -> EventLoopFuture<CallDisconnectNotify> {
        onLoop { $0.disconnectFuture(callID) }
    }

    /// The next incoming call the PAC offers (Incoming-Call-Request).
    public func nextIncomingCall() -> EventLoopFuture<(callID: UInt16, request: IncomingCallRequest)> {
        onLoop { $0.nextIncomingCall() }
    }

    /// Answers an offered call; accepting completes with the PAC's Incoming-Call-Connected.
    public func answerIncomingCall(_ callID: UInt16, accept: Bool) -> EventLoopFuture<IncomingCallConnected?> {
        onLoop { $0.answerIncomingCall(callID, accept: accept) }
    }

    /// Sends Set-Link-Info for an established call.
    public func setLinkInfo(_ callID: UInt16, sendACCM: UInt32, receiveACCM: UInt32) -> EventLoopFuture<Void> {
        onLoop { handler in
            handler.perform(handler.core.sendLinkInfo(callID, sendACCM: sendACCM, receiveACCM: receiveACCM))
            return handler.eventLoop.makeSucceededVoidFuture()
        }
    }

    /// The PAC's Call ID for one of our calls (what our GRE packets carry).
    public func peerCallID(of callID: UInt16) -> EventLoopFuture<UInt16?> {
        onLoop { $0.eventLoop.makeSucceededFuture($0.core.peerCallID(of: callID)) }
    }

    /// Calls `observer` on the connection's event loop with the round trip of every keep-alive
    /// Echo-Request this PNS sends (after `keepAliveInterval` without control traffic).
    public func observeEchoRoundTrips(_ observer: @escaping @Sendable (TimeAmount) -> Void) -> EventLoopFuture<Void> {
        onLoop { handler in
            handler.echoRoundTrip = observer
            return handler.eventLoop.makeSucceededVoidFuture()
        }
    }

    /// This PNS's side of the connection now, and how many Call IDs it holds: what a leak
    /// check compares once the PAC has gone (docs/reliability.md "Faults").
    var leftovers: EventLoopFuture<(core: ControlConnection, callIDsInUse: Int)> {
        onLoop { $0.eventLoop.makeSucceededFuture(($0.core, $0.callIDs.inUseCount)) }
    }

    /// Stop-Control-Connection-Request and wait for the connection to close.
    public func stop(reason: StopControlConnectionReason = .none) -> EventLoopFuture<Void> {
        let channel = self.channel
        return onLoop { handler in
            handler.perform(handler.core.stop(reason: reason, now: handler.eventLoop.now))
            return channel.closeFuture
        }
    }
}
