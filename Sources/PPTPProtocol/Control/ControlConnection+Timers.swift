import NIOCore
import PPTPWire

extension ControlConnection {
    // MARK: Timers

    /// Acts on every deadline at or before `now`: set-up and stop time-outs (§3.1.4 (1), §3),
    /// keep-alives (§3.1.4 (2)), stalled call transitions (§3.2.1) and outgoing calls the
    /// engine did not complete (§3.2.4.1).
    public mutating func timeout(now: NIODeadline) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        switch state {
        case .awaitingStartRequest(let deadline), .admitting(_, let deadline), .ignoringCollisionLoser(let deadline),
            .awaitingStartReply(let deadline):
            if now >= deadline { close(.setupTimedOut, &actions) }
        case .awaitingStopReply(_, let deadline):
            if now >= deadline { close(.stopReplyTimedOut, &actions) }
        case .established(let peer, var keepAlive):
            switch keepAlive.fire(
                now: now, interval: configuration.keepAliveInterval, replyTimeout: configuration.echoReplyTimeout)
            {
            case .nothing:
                break
            case .sendEchoRequest(let identifier):
                state = .established(peer: peer, keepAlive: keepAlive)
                send(.echoRequest(EchoRequest(identifier: identifier)), &actions)
            case .timedOut:
                close(.keepAliveTimedOut, &actions)
            }
            if isEstablished { expireCalls(now: now, &actions) }
        case .closed:
            break
        }
        refreshDeadline()
        return actions
    }

    private mutating func expireCalls(now: NIODeadline, _ actions: inout [ControlConnectionAction]) {
        let calls = self.calls
        let isCurrent = { (callID: UInt16, deadline: NIODeadline) in calls[callID]?.deadline == deadline }
        for callID in dialDeadlines.popExpired(now: now, isCurrent: isCurrent) {
            // §3.2.4.1 wait_cs_ans: "If a timer expires on an outbound call, send back an
            // Outgoing-Call-Reply with a non-zero Error Code"; the engine hangs up on release.
            _ = outgoingCallTimedOut(callID, &actions)
        }
        for callID in transitionDeadlines.popExpired(now: now, isCurrent: isCurrent) {
            guard let call = self.calls[callID] else { continue }
            if call.state.waitsOnPeer {
                // §3.2.1: the peer is suspect; close the ENTIRE control connection.
                close(.callTransitionTimedOut(callID: callID), &actions)
                return
            }
            expireEngineWait(call, now: now, &actions)
        }
    }

    private mutating func outgoingCallTimedOut(_ callID: UInt16, _ actions: inout [ControlConnectionAction]) -> Bool {
        guard let call = calls[callID], let peerCallID = call.peerCallID else { return false }
        send(.outgoingCallReply(outgoingCallFailure(peerCallID: peerCallID, .timeOut)), &actions)
        release(callID, .notEstablished, &actions)
        return true
    }

    /// Our own engine did not finish a step in time: end the call cleanly instead of
    /// blaming the peer.
    private mutating func expireEngineWait(_ call: Call, now: NIODeadline, _ actions: inout [ControlConnectionAction]) {
        switch call.state {
        case .pacAnswering:
            disconnect(call.callID, result: .generalError, error: .pacError, cause: .none, statistics: "", &actions)
        case .pacClearing:
            disconnect(call.callID, result: .request, error: .none, cause: .none, statistics: "", &actions)
        case .pnsDeciding:
            send(.incomingCallReply(incomingCallReply(peerCallID: call.peerCallID ?? 0, callID: call.callID, .generalError, error: .noResource)), &actions)
            release(call.callID, .notEstablished, &actions)
        default:
            break
        }
    }
}
