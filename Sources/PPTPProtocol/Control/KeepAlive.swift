import NIOCore

/// The keep-alive rule of RFC 2637 §3.1.4 (2) for an established control connection: after
/// `interval` without any control message, send an Echo-Request; if its Echo-Reply has not
/// arrived `replyTimeout` later, the connection is closed.
struct KeepAlive: Hashable, Sendable {
    enum Due: Hashable, Sendable {
        case nothing
        case sendEchoRequest(identifier: UInt32)
        case timedOut
    }

    private var lastReceived: NIODeadline
    private var outstanding: (identifier: UInt32, deadline: NIODeadline)?
    private var nextIdentifier: UInt32 = 1

    init(now: NIODeadline) { lastReceived = now }

    mutating func messageReceived(now: NIODeadline) { lastReceived = now }

    /// Only the reply to the outstanding request clears it; a stale identifier is ignored.
    mutating func echoReplyReceived(identifier: UInt32) {
        if outstanding?.identifier == identifier { outstanding = nil }
    }

    func deadline(interval: TimeAmount) -> NIODeadline {
        outstanding?.deadline ?? lastReceived + interval
    }

    mutating func fire(now: NIODeadline, interval: TimeAmount, replyTimeout: TimeAmount) -> Due {
        if let outstanding {
            return now >= outstanding.deadline ? .timedOut : .nothing
        }
        guard now >= lastReceived + interval else { return .nothing }
        let identifier = nextIdentifier
        nextIdentifier &+= 1
        outstanding = (identifier, now + replyTimeout)
        return .sendEchoRequest(identifier: identifier)
    }

    static func == (lhs: KeepAlive, rhs: KeepAlive) -> Bool {
        lhs.lastReceived == rhs.lastReceived && lhs.nextIdentifier == rhs.nextIdentifier
            && lhs.outstanding?.identifier == rhs.outstanding?.identifier
            && lhs.outstanding?.deadline == rhs.outstanding?.deadline
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(lastReceived)
        hasher.combine(outstanding?.identifier)
    }
}
