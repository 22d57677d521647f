import NIOCore
import PPTPProtocol
import PPTPWire

/// The PNS a scenario plays (RFC 2637 §3.2.3.2, §3.2.4.2): a PNS-role `ControlConnection` on
/// a channel that records everything the PAC says, for the steps to check. The channel is
/// in memory (virtual time) or TCP (real time); the handler does not know which. Confined to
/// the channel's event loop.
final class ScenarioPNS: ChannelInboundHandler {
    typealias InboundIn = InboundControlMessage

    private(set) var core: ControlConnection
    private var callIDs = CallIdentifiers()
    private var context: ChannelHandlerContext?
    /// The channel's loop, whose clock (virtual or real) every `now` comes from; kept after
    /// the channel closes for the releases that follow.
    private var eventLoop: (any EventLoop)?
    private var timer: (deadline: NIODeadline, task: Scheduled<Void>)?

    // What the PAC said.
    private(set) var peer: PeerIdentity?
    private(set) var closeReason: String?
    private(set) var received: [ControlMessageType: Int] = [:]
    private(set) var outgoingReplies: [UInt16: OutgoingCallReply] = [:]
    private(set) var offers: [(callID: UInt16, request: IncomingCallRequest)] = []
    private(set) var incomingConnected: [UInt16: IncomingCallConnected] = [:]
    private(set) var disconnects: [UInt16: CallDisconnectNotify] = [:]
    private(set) var wanErrors: [UInt16: (count: Int, last: WANErrorNotify)] = [:]
    /// Calls that ended without Call-Disconnect-Notify (the connection closed), with why.
    private(set) var released: [UInt16: CallReleaseReason] = [:]
    /// Frames that arrived on each call's GRE tunnel.
    private(set) var framesReceived: [UInt16: Int] = [:]

    /// How the scenario's PNS introduces itself, and its keep-alive interval (§3.1.4).
    static func configuration(keepAlive: TimeAmount) -> ControlConnectionConfiguration {
        ControlConnectionConfiguration(
            role: .pns, hostName: "pac-scenario", vendorName: "PAC scenario runner", keepAliveInterval: keepAlive)
    }

    init(configuration: ControlConnectionConfiguration, now: NIODeadline) {
        core = ControlConnection(configuration: configuration, origin: .originator, now: now)
    }

    var isOpen: Bool { context != nil }
    var isEstablished: Bool { core.isEstablished }

    // MARK: Channel

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        eventLoop = context.eventLoop
        // The set-up timer runs from the moment TCP is up; the originator speaks first (§3.1.1).
        core = ControlConnection(configuration: core.configuration, origin: .originator, now: context.eventLoop.now)
        perform(core.connected(now: context.eventLoop.now))
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let item = unwrapInboundIn(data)
        if case .message(let message) = item { received[message.type, default: 0] += 1 }
        perform(core.receive(item, now: context.eventLoop.now, callIDs: &callIDs))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? ControlMessageDecodingError { perform(core.streamFailed(error)) }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(core.transportClosed())
        if closeReason == nil { closeReason = "the PAC closed the TCP connection" }
        timer?.task.cancel()
        timer = nil
        self.context = nil
        context.fireChannelInactive()
    }

    // MARK: Requests

    /// Outgoing-Call-Request; our Call ID, or nil when the connection is not established.
    func placeCall(_ parameters: ControlConnection.OutgoingCallParameters) -> UInt16? {
        guard let context else { return nil }
        let (callID, actions) = core.placeOutgoingCall(parameters, now: context.eventLoop.now, callIDs: &callIDs)
        perform(actions)
        return callID
    }

    func answer(_ callID: UInt16, accept: Bool) {
        guard let context else { return }
        perform(core.answerIncomingCall(callID, result: accept ? .connect : .doNotAccept, now: context.eventLoop.now))
    }

    func clear(_ callID: UInt16) {
        guard let context else { return }
        perform(core.clearCall(callID, now: context.eventLoop.now))
    }

    func stop() {
        guard let context else { return }
        perform(core.stop(reason: .none, now: context.eventLoop.now))
    }

    /// A frame the call's GRE tunnel delivered.
    func frameArrived(on callID: UInt16) {
        framesReceived[callID, default: 0] += 1
    }

    // MARK: Actions

    private func perform(_ actions: [ControlConnectionAction]) {
        var wrote = false
        for action in actions {
            switch action {
            case .send(let message):
                context?.write(NIOAny(message), promise: nil)
                wrote = true
            case .close(let reason):
                closeReason = "\(reason)"
                if wrote { context?.flush() }
                wrote = false
                context?.close(promise: nil)
            case .event(let event):
                record(event)
            case .violation(let violation):
                closeReason = closeReason ?? "protocol violation by the PAC: \(violation)"
            }
        }
        if wrote { context?.flush() }
        rearmTimer()
    }

    private func record(_ event: ControlConnectionEvent) {
        switch event {
        case .established(let identity): peer = identity
        case .outgoingCallReplied(let callID, let reply): outgoingReplies[callID] = reply
        case .incomingCallOffered(let callID, let request): offers.append((callID, request))
        case .incomingCallConnected(let callID, let connected): incomingConnected[callID] = connected
        case .callDisconnectNotified(let callID, let notify): disconnects[callID] = notify
        case .wanErrorNotified(let callID, let notify):
            wanErrors[callID] = ((wanErrors[callID]?.count ?? 0) + 1, notify)
        case .callReleased(let callID, let reason):
            released[callID] = reason
            if let eventLoop { callIDs.release(callID, now: eventLoop.now) }
        case .admissionRequested, .echoReplyReceived, .outgoingCallRequested, .incomingCallAccepted,
            .callClearRequested, .linkInfoReceived:
            break  // a PNS that opened the connection never admits; the rest are PAC-role events
        }
    }

    /// One timer for the core's next deadline (keep-alive, call transitions, set-up).
    private func rearmTimer() {
        guard let context, let deadline = core.nextDeadline else {
            timer?.task.cancel()
            timer = nil
            return
        }
        if timer?.deadline == deadline { return }
        timer?.task.cancel()
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        timer = (deadline, loop.scheduleTask(deadline: deadline) {
            let handler = handler.value
            handler.timer = nil
            handler.perform(handler.core.timeout(now: loop.now))
        })
    }
}
