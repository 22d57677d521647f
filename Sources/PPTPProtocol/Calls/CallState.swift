import NIOCore
import PPTPWire

/// Where one call stands in the RFC's call state machines (RFC 2637 §3.2.3, §3.2.4). The
/// `idle` states of the RFC are the absence of a call in the table.
enum CallState: Hashable, Sendable {
    // MARK: PAC, outgoing (§3.2.4.1)
    /// wait_cs_ans: the engine is dialing the line for the PNS's Outgoing-Call-Request.
    case pacDialing
    // MARK: PAC, incoming (§3.2.3.1)
    /// wait_reply: Incoming-Call-Request sent; the line rings until the PNS replies.
    case pacAwaitingIncomingReply
    /// The PNS accepted; the engine is answering the line before Incoming-Call-Connected.
    case pacAnswering
    // MARK: PAC, both directions
    /// Call-Clear-Request received; the engine is hanging up before Call-Disconnect-Notify.
    case pacClearing

    // MARK: PNS, outgoing (§3.2.4.2)
    /// Wait-Reply: Outgoing-Call-Request sent.
    case pnsAwaitingOutgoingReply
    // MARK: PNS, incoming (§3.2.3.2)
    /// Incoming-Call-Request received; the engine decides whether to accept it.
    case pnsDeciding
    /// Wait-Connect: Incoming-Call-Reply (accept) sent, waiting for Incoming-Call-Connected.
    case pnsAwaitingConnected
    // MARK: PNS, both directions
    /// Wait-Disconnect: Call-Clear-Request sent, waiting for Call-Disconnect-Notify.
    case pnsAwaitingDisconnect

    /// established (both roles, both directions): data flows over the tunnel.
    case established

    /// Whether this state waits on the peer, so that §3.2.1's one-minute rule applies.
    /// States that wait on our own engine are bounded by the engine's timers instead.
    var waitsOnPeer: Bool {
        switch self {
        case .pacAwaitingIncomingReply, .pnsAwaitingOutgoingReply, .pnsAwaitingConnected, .pnsAwaitingDisconnect:
            true
        case .pacDialing, .pacAnswering, .pacClearing, .pnsDeciding, .established:
            false
        }
    }
}

/// One call of a control connection.
struct Call: Hashable, Sendable {
    /// Our Call ID (the key of the call table): assigned by us, carried by the peer in the
    /// GRE key of packets it sends us, and in Set-Link-Info / Incoming-Call-Reply.
    let callID: UInt16
    /// The peer's Call ID: carried in the GRE key of packets we send. Unknown until the peer
    /// has assigned one (a PAC's incoming call before the Incoming-Call-Reply).
    var peerCallID: UInt16?
    var serialNumber: UInt16
    var state: CallState
    /// When the current state must have been left (§3.2.1, or the outgoing-call timer).
    var deadline: NIODeadline?
    /// The WAN-Error-Notify rate limiter, from establishment on (PAC role).
    var wanErrors: WANErrorNotifier
}
