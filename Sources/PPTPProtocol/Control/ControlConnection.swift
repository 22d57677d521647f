import NIOCore
import PPTPWire

/// One PPTP control connection and its calls, as a pure state machine (RFC 2637 §3).
///
/// Inputs are decoded messages, engine commands and the current time; outputs are
/// `ControlConnectionAction`s for the adapter to perform. It never touches a socket or a
/// clock: `nextDeadline` says when to call `timeout(now:)` again.
public struct ControlConnection: Sendable {
    enum State: Sendable {
        /// Receiver idle (§3.1.2): TCP accepted, waiting for a Start-Control-Connection-Request
        /// until `deadline` (§3.1.4 (1)).
        case awaitingStartRequest(deadline: NIODeadline)
        /// Receiver: an acceptable request arrived and the engine is deciding admission
        /// (allow-list, one control connection per peer, §3.1.3 collisions). Exists only
        /// between `receive` and `admit` in the same turn.
        case admitting(StartControlConnectionRequest, deadline: NIODeadline)
        /// Receiver that won a §3.1.3 collision: sends nothing here and waits for the loser
        /// to close this connection.
        case ignoringCollisionLoser(deadline: NIODeadline)
        /// Originator wait_ctl_reply (§3.1.1): request sent, waiting for the reply.
        case awaitingStartReply(deadline: NIODeadline)
        /// established (§3.1.1, §3.1.2): calls may exist; keep-alives run.
        case established(peer: PeerIdentity, keepAlive: KeepAlive)
        /// wait_stop_reply: Stop-Control-Connection-Request sent, every call already released.
        case awaitingStopReply(reason: StopControlConnectionReason, deadline: NIODeadline)
        /// The TCP connection is closed or being closed; nothing more happens.
        case closed
    }

    public let configuration: ControlConnectionConfiguration
    public let origin: ControlConnectionOrigin
    var state: State
    var calls: [UInt16: Call] = [:]
    /// The peer's Call ID → our Call ID, for messages that name the peer's ID.
    var callIDsByPeerCallID: [UInt16: UInt16] = [:]
    /// PAC role: calls it cleared unasked, for a Call-Clear-Request that crosses the notify.
    var recentlyNotified = RecentPeerCallIDs()
    /// Calls waiting on the peer or on our engine for `callTransitionTimeout` (§3.2.1).
    var transitionDeadlines = DeadlineQueue()
    /// PAC outgoing calls being dialed, for `outgoingCallTimeout` (§3.2.4.1).
    var dialDeadlines = DeadlineQueue()
    public internal(set) var statistics = ControlConnectionStatistics()
    /// When `timeout(now:)` must next be called; nil once closed.
    public private(set) var nextDeadline: NIODeadline?

    public init(configuration: ControlConnectionConfiguration, origin: ControlConnectionOrigin, now: NIODeadline) {
        self.configuration = configuration
        self.origin = origin
        switch origin {
        case .receiver: state = .awaitingStartRequest(deadline: now + configuration.setupTimeout)
        case .originator: state = .awaitingStartReply(deadline: now + configuration.setupTimeout)
        }
        refreshDeadline()
    }

    /// Whether the connection is established.
    public var isEstablished: Bool {
        if case .established = state { return true }
        return false
    }

    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// The peer, once Start-Control-Connection messages have been exchanged.
    public var peer: PeerIdentity? {
        if case .established(let peer, _) = state { return peer }
        return nil
    }

    public var callCount: Int { calls.count }

    /// The peer's Call ID for one of our calls, once known: the Call ID we put in the GRE
    /// key of packets we send (RFC 2637 §4.1).
    public func peerCallID(of callID: UInt16) -> UInt16? { calls[callID]?.peerCallID }

    /// Whether the call has reached the established state, so data may flow.
    public func isCallEstablished(_ callID: UInt16) -> Bool { calls[callID]?.state == .established }

    // MARK: Starting

    /// Originator: the TCP connection is open; send the Start-Control-Connection-Request
    /// (§3.1.1 idle → wait_ctl_reply).
    public mutating func connected(now: NIODeadline) -> [ControlConnectionAction] {
        guard case .awaitingStartReply = state else {
            preconditionFailure("connected(now:) is for an originator that has not started yet")
        }
        state = .awaitingStartReply(deadline: now + configuration.setupTimeout)
        var actions: [ControlConnectionAction] = []
        send(.startControlConnectionRequest(startRequest), &actions)
        refreshDeadline()
        return actions
    }

    var startRequest: StartControlConnectionRequest {
        StartControlConnectionRequest(
            framingCapabilities: configuration.framingCapabilities,
            bearerCapabilities: configuration.bearerCapabilities,
            maximumChannels: configuration.role == .pac ? configuration.maximumChannels : 0,
            firmwareRevision: configuration.firmwareRevision, hostName: configuration.hostName,
            vendorName: configuration.vendorName)
    }

    func startReply(_ result: StartControlConnectionResult, error: GeneralErrorCode = .none)
        -> StartControlConnectionReply
    {
        StartControlConnectionReply(
            resultCode: result, errorCode: error, framingCapabilities: configuration.framingCapabilities,
            bearerCapabilities: configuration.bearerCapabilities,
            maximumChannels: configuration.role == .pac ? configuration.maximumChannels : 0,
            firmwareRevision: configuration.firmwareRevision, hostName: configuration.hostName,
            vendorName: configuration.vendorName)
    }

    /// How the engine answers `.admissionRequested`.
    public enum Admission: Hashable, Sendable {
        case accept
        /// Reply with this result (not authorized, channel already exists, …) and close.
        case refuse(StartControlConnectionResult)
        /// §3.1.3: we won a collision; send nothing on this connection and let the peer close it.
        case ignoreAsCollisionWinner
    }

    /// Answers `.admissionRequested` (§3.1.2 idle → established, or refusal).
    public mutating func admit(_ admission: Admission, now: NIODeadline) -> [ControlConnectionAction] {
        guard case .admitting(let request, let deadline) = state else {
            preconditionFailure("admit(_:now:) answers .admissionRequested only")
        }
        var actions: [ControlConnectionAction] = []
        switch admission {
        case .accept:
            send(.startControlConnectionReply(startReply(.successful)), &actions)
            enterEstablished(with: PeerIdentity(request), now: now, &actions)
        case .refuse(let result):
            send(.startControlConnectionReply(startReply(result)), &actions)
            close(.refusedPeer(result), &actions)
        case .ignoreAsCollisionWinner:
            state = .ignoringCollisionLoser(deadline: deadline)
        }
        refreshDeadline()
        return actions
    }

    /// §3.1.3: we lost a collision; close the connection we opened without another message.
    public mutating func collisionLost() -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        close(.collisionLost, &actions)
        refreshDeadline()
        return actions
    }

    mutating func enterEstablished(with peer: PeerIdentity, now: NIODeadline, _ actions: inout [ControlConnectionAction]) {
        state = .established(peer: peer, keepAlive: KeepAlive(now: now))
        actions.append(.event(.established(peer)))
    }

    // MARK: Stopping

    /// Local terminate (§3.1.1, §3.1.2 established → wait_stop_reply). A PAC first ends every
    /// call: Call-Disconnect-Notify with `disconnectResult` (e.g. Admin Shutdown), or for an
    /// outgoing call still dialing the Outgoing-Call-Reply its PNS waits for (§3.2.4.1
    /// wait_cs_ans: an incomplete call gets a reply with an error). The Stop request clears
    /// the rest implicitly (§2.3).
    public mutating func stop(
        reason: StopControlConnectionReason, disconnectResult: CallDisconnectResult? = nil, now: NIODeadline
    ) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        switch state {
        case .established:
            if configuration.role == .pac, let disconnectResult {
                for callID in calls.keys.sorted() {
                    if let call = calls[callID], call.state == .pacDialing, let peerCallID = call.peerCallID {
                        let reply = outgoingCallFailure(peerCallID: peerCallID, .generalError, error: .pacError)
                        send(.outgoingCallReply(reply), &actions)
                        release(callID, .notEstablished, &actions)
                    } else {
                        disconnect(callID, result: disconnectResult, error: .none, cause: .none, statistics: "", &actions)
                    }
                }
            }
            releaseAllCalls(&actions)
            send(.stopControlConnectionRequest(StopControlConnectionRequest(reason: reason)), &actions)
            state = .awaitingStopReply(reason: reason, deadline: now + configuration.stopReplyTimeout)
        case .awaitingStartRequest, .admitting, .ignoringCollisionLoser, .awaitingStartReply:
            close(.stopped(reason), &actions)
        case .awaitingStopReply, .closed:
            break
        }
        refreshDeadline()
        return actions
    }

    /// The TCP connection closed underneath us: every call is released.
    public mutating func transportClosed() -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        releaseAllCalls(&actions)
        state = .closed
        refreshDeadline()
        return actions
    }

    /// The byte stream lost synchronization (§1.4): close at once, releasing every call.
    public mutating func streamFailed(_ error: ControlMessageDecodingError) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        statistics.count(received: nil)
        statistics.count(.malformed)
        releaseAllCalls(&actions)
        close(.malformedStream(error), &actions)
        refreshDeadline()
        return actions
    }

    // MARK: Shared machinery

    mutating func send(_ message: ControlMessage, _ actions: inout [ControlConnectionAction]) {
        statistics.count(sent: message.type)
        actions.append(.send(message))
    }

    mutating func close(_ reason: ControlConnectionCloseReason, _ actions: inout [ControlConnectionAction]) {
        releaseAllCalls(&actions)
        state = .closed
        actions.append(.close(reason))
    }

    mutating func violation(
        _ kind: ProtocolViolation.Kind, _ message: ControlMessage, _ detail: String,
        _ actions: inout [ControlConnectionAction]
    ) {
        var bytes = ByteBuffer()
        bytes.writeControlMessage(message)
        statistics.count(kind)
        actions.append(.violation(ProtocolViolation(kind: kind, messageType: message.type, detail: detail, bytes: bytes)))
    }

    mutating func releaseAllCalls(_ actions: inout [ControlConnectionAction]) {
        for callID in calls.keys.sorted() { release(callID, .controlConnectionClosed, &actions) }
        transitionDeadlines.removeAll()
        dialDeadlines.removeAll()
    }

    mutating func release(_ callID: UInt16, _ reason: CallReleaseReason, _ actions: inout [ControlConnectionAction]) {
        guard let call = calls.removeValue(forKey: callID) else { return }
        if let peerCallID = call.peerCallID, callIDsByPeerCallID[peerCallID] == callID {
            callIDsByPeerCallID[peerCallID] = nil
        }
        actions.append(.event(.callReleased(callID: callID, reason)))
    }

    /// Moves a call to `state`, arming the deadline that state carries.
    mutating func transition(_ callID: UInt16, to newState: CallState, now: NIODeadline) {
        guard var call = calls[callID] else { return }
        call.state = newState
        switch newState {
        case .pacDialing:
            call.deadline = now + configuration.outgoingCallTimeout
            dialDeadlines.append(call.deadline!, callID: callID)
        case .established:
            call.deadline = nil
            call.wanErrors = WANErrorNotifier()  // §2.14: counters reset at establishment
        default:
            call.deadline = now + configuration.callTransitionTimeout
            transitionDeadlines.append(call.deadline!, callID: callID)
        }
        calls[callID] = call
    }

    mutating func insertCall(_ call: Call, now: NIODeadline) {
        calls[call.callID] = call
        if let peerCallID = call.peerCallID { callIDsByPeerCallID[peerCallID] = call.callID }
        transition(call.callID, to: call.state, now: now)
    }

    mutating func refreshDeadline() {
        var earliest: NIODeadline
        switch state {
        case .awaitingStartRequest(let deadline), .admitting(_, let deadline), .ignoringCollisionLoser(let deadline),
            .awaitingStartReply(let deadline), .awaitingStopReply(_, let deadline):
            earliest = deadline
        case .established(_, let keepAlive):
            earliest = keepAlive.deadline(interval: configuration.keepAliveInterval)
        case .closed:
            nextDeadline = nil
            return
        }
        let calls = self.calls
        let isCurrent = { (callID: UInt16, deadline: NIODeadline) in calls[callID]?.deadline == deadline }
        if let deadline = transitionDeadlines.earliest(isCurrent: isCurrent) { earliest = min(earliest, deadline) }
        if let deadline = dialDeadlines.earliest(isCurrent: isCurrent) { earliest = min(earliest, deadline) }
        nextDeadline = earliest
    }
}

extension PeerIdentity {
    init(_ request: StartControlConnectionRequest) {
        self.init(
            protocolVersion: min(request.protocolVersion, PPTPHeader.protocolVersion), hostName: request.hostName,
            vendorName: request.vendorName, firmwareRevision: request.firmwareRevision,
            framingCapabilities: request.framingCapabilities, bearerCapabilities: request.bearerCapabilities,
            maximumChannels: request.maximumChannels)
    }

    init(_ reply: StartControlConnectionReply) {
        self.init(
            protocolVersion: min(reply.protocolVersion, PPTPHeader.protocolVersion), hostName: reply.hostName,
            vendorName: reply.vendorName, firmwareRevision: reply.firmwareRevision,
            framingCapabilities: reply.framingCapabilities, bearerCapabilities: reply.bearerCapabilities,
            maximumChannels: reply.maximumChannels)
    }
}
