import DequeModule
import Logging
import NIOCore
import PPTPProtocol
import PPTPWire

/// Errors a PNS-role request completes with.
public enum PNSClientError: Error, Sendable, Hashable, CustomStringConvertible {
    case notEstablished
    /// Every Call ID is in use or resting after its call (`CallIdentifiers.reuseDelay`).
    case noCallIDFree(inUse: Int)
    case connectionClosed(String)
    case unknownCall(UInt16)

    public var description: String {
        switch self {
        case .notEstablished: "the control connection is not established"
        case .noCallIDFree(let inUse):
            "no Call ID free: \(inUse) in use, the others resting after their calls (CallIdentifiers.reuseDelay)"
        case .connectionClosed(let why): "the control connection closed: \(why)"
        case .unknownCall(let callID): "no call \(callID) on this control connection"
        }
    }
}

/// Runs a PNS-role `ControlConnection` on a channel and turns its events into futures.
final class PNSConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = InboundControlMessage

    var core: ControlConnection
    private(set) var callIDs: CallIdentifiers
    private let established: EventLoopPromise<PeerIdentity>
    private let logger: Logger
    private(set) var context: ChannelHandlerContext?
    private var timer: DeadlineTimer?
    private var replies: [UInt16: EventLoopPromise<(callID: UInt16, reply: OutgoingCallReply)>] = [:]
    private var disconnects: [UInt16: EventLoopPromise<CallDisconnectNotify>] = [:]
    private var connecteds: [UInt16: EventLoopPromise<IncomingCallConnected?>] = [:]
    private var offered: Deque<(callID: UInt16, request: IncomingCallRequest)> = []
    private var offerWaiters: Deque<EventLoopPromise<(callID: UInt16, request: IncomingCallRequest)>> = []
    /// Call-Disconnect-Notify already received, for futures asked for after it arrived.
    private var notified: [UInt16: CallDisconnectNotify] = [:]
    private var closedBecause: String?
    /// When our outstanding keep-alive Echo-Request left (RFC 2637 §3.1.4), and who wants to
    /// know each Echo-Reply's round trip (the load driver's keep-alive figure).
    private var echoSentAt: NIODeadline?
    var echoRoundTrip: ((TimeAmount) -> Void)?

    init(
        configuration: ControlConnectionConfiguration, origin: ControlConnectionOrigin,
        established: EventLoopPromise<PeerIdentity>, callIDs: CallIdentifiers = CallIdentifiers(), logger: Logger
    ) {
        core = ControlConnection(configuration: configuration, origin: origin, now: .now())
        self.callIDs = callIDs
        self.established = established
        self.logger = logger
    }

    var eventLoop: any EventLoop { established.futureResult.eventLoop }

    // MARK: Channel

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        timer = DeadlineTimer(eventLoop: context.eventLoop)
        // Restart the set-up timer from the moment TCP is up; an originator speaks first (§3.1.1).
        core = ControlConnection(configuration: core.configuration, origin: core.origin, now: context.eventLoop.now)
        perform(core.origin == .originator ? core.connected(now: context.eventLoop.now) : [])
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        perform(core.receive(unwrapInboundIn(data), now: context.eventLoop.now, callIDs: &callIDs))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? ControlMessageDecodingError { perform(core.streamFailed(error)) }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(core.transportClosed())
        failAll(closedBecause ?? "TCP connection closed")
        timer?.cancel()
        self.context = nil
        context.fireChannelInactive()
    }

    // MARK: Requests

    /// Requests on a connection that has closed fail at once instead of waiting forever.
    private var closedError: (any Error)? {
        context == nil ? PNSClientError.connectionClosed(closedBecause ?? "TCP connection closed") : nil
    }

    func placeCall(_ parameters: ControlConnection.OutgoingCallParameters)
        -> EventLoopFuture<(callID: UInt16, reply: OutgoingCallReply)>
    {
        if let closedError { return eventLoop.makeFailedFuture(closedError) }
        let (callID, actions) = core.placeOutgoingCall(parameters, now: eventLoop.now, callIDs: &callIDs)
        guard let callID else {
            let error = core.isEstablished ? PNSClientError.noCallIDFree(inUse: callIDs.inUseCount) : .notEstablished
            return eventLoop.makeFailedFuture(error)
        }
        let promise = eventLoop.makePromise(of: (callID: UInt16, reply: OutgoingCallReply).self)
        replies[callID] = promise
        perform(actions)
        return promise.futureResult
    }

    func clearCall(_ callID: UInt16) -> EventLoopFuture<CallDisconnectNotify> {
        if let closedError, notified[callID] == nil { return eventLoop.makeFailedFuture(closedError) }
        let future = disconnectFuture(callID)
        perform(core.clearCall(callID, now: eventLoop.now))
        return future
    }

    func disconnectFuture(_ callID: UInt16) -> EventLoopFuture<CallDisconnectNotify> {
        if let notify = notified[callID] { return eventLoop.makeSucceededFuture(notify) }
        if let promise = disconnects[callID] { return promise.futureResult }
        let promise = eventLoop.makePromise(of: CallDisconnectNotify.self)
        disconnects[callID] = promise
        return promise.futureResult
    }

    func nextIncomingCall() -> EventLoopFuture<(callID: UInt16, request: IncomingCallRequest)> {
        if let closedError { return eventLoop.makeFailedFuture(closedError) }
        if let first = offered.popFirst() { return eventLoop.makeSucceededFuture(first) }
        let promise = eventLoop.makePromise(of: (callID: UInt16, request: IncomingCallRequest).self)
        offerWaiters.append(promise)
        return promise.futureResult
    }

    func answerIncomingCall(_ callID: UInt16, accept: Bool) -> EventLoopFuture<IncomingCallConnected?> {
        if let closedError { return eventLoop.makeFailedFuture(closedError) }
        let promise = eventLoop.makePromise(of: IncomingCallConnected?.self)
        if accept { connecteds[callID] = promise } else { promise.succeed(nil) }
        perform(core.answerIncomingCall(callID, result: accept ? .connect : .doNotAccept, now: eventLoop.now))
        return promise.futureResult
    }

    // MARK: Actions

    func perform(_ actions: [ControlConnectionAction]) {
        guard let context else { return }
        var wrote = false
        for action in actions {
            switch action {
            case .send(let message):
                if case .echoRequest = message { echoSentAt = eventLoop.now }
                context.write(NIOAny(message), promise: nil)
                wrote = true
            case .close(let reason):
                closedBecause = "\(reason)"
                if wrote { context.flush() }
                wrote = false
                context.close(promise: nil)
            case .event(let event):
                handle(event)
            case .violation(let violation):
                logger.warning("protocol violation from the PAC: \(violation)", metadata: peerMetadata)
            }
        }
        if wrote { context.flush() }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer?.arm(core.nextDeadline) {
            let handler = handler.value
            handler.timer?.fired()
            handler.perform(handler.core.timeout(now: handler.eventLoop.now))
        }
    }

    /// Log lines of this connection name the PAC it talks to (docs/records.md).
    private var peerMetadata: Logger.Metadata {
        ["peer": "\(IPv4Address(context?.channel.remoteAddress)?.description ?? "?")"]
    }

    private func handle(_ event: ControlConnectionEvent) {
        switch event {
        case .admissionRequested:
            // A PAC that opened the connection to us (RFC 2637 §3.1.2): this PNS admits any.
            perform(core.admit(.accept, now: eventLoop.now))
        case .established(let peer):
            established.succeed(peer)
        case .outgoingCallReplied(let callID, let reply):
            replies.removeValue(forKey: callID)?.succeed((callID, reply))
        case .incomingCallOffered(let callID, let request):
            if let waiter = offerWaiters.popFirst() { waiter.succeed((callID, request)) } else { offered.append((callID, request)) }
        case .incomingCallConnected(let callID, let connected):
            connecteds.removeValue(forKey: callID)?.succeed(connected)
        case .callDisconnectNotified(let callID, let notify):
            connecteds.removeValue(forKey: callID)?.succeed(nil)
            notified[callID] = notify
            disconnects.removeValue(forKey: callID)?.succeed(notify)
        case .wanErrorNotified(let callID, let notify):
            logger.notice(
                "WAN-Error-Notify: CRC \(notify.crcErrors), framing \(notify.framingErrors), alignment \(notify.alignmentErrors)",
                metadata: peerMetadata.merging(
                    ["call": "\(callID)", "peer-call": "\(core.peerCallID(of: callID).map { "\($0)" } ?? "-")"]) { $1 })
        case .callReleased(let callID, _):
            callIDs.release(callID, now: eventLoop.now)
        case .echoReplyReceived:
            if let sent = echoSentAt.take() { echoRoundTrip?(eventLoop.now - sent) }
        case .outgoingCallRequested, .incomingCallAccepted,
            .callClearRequested, .linkInfoReceived:
            break
        }
    }

    private func failAll(_ why: String) {
        let error = PNSClientError.connectionClosed(why)
        established.fail(error)
        for promise in replies.values { promise.fail(error) }
        for promise in disconnects.values { promise.fail(error) }
        for promise in connecteds.values { promise.fail(error) }
        for promise in offerWaiters { promise.fail(error) }
        replies.removeAll()
        disconnects.removeAll()
        connecteds.removeAll()
        offerWaiters.removeAll()
    }
}
