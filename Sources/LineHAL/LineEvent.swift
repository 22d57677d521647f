import NIOCore

/// What the engine asks a line to dial: PPTP's Outgoing-Call-Request in line terms.
public struct DialRequest: Sendable, Hashable {
    public var number: String
    public var subaddress: String
    public var bearer: Bearer
    /// The speeds the PNS accepts; a connection outside them is cleared, not reported.
    public var speeds: SpeedRange
    public init(number: String, subaddress: String = "", bearer: Bearer, speeds: SpeedRange = .any) {
        self.number = number
        self.subaddress = subaddress
        self.bearer = bearer
        self.speeds = speeds
    }
}

/// A call ringing on a line: what PPTP's Incoming-Call-Request reports to the PNS.
public struct IncomingCall: Sendable, Hashable {
    public var callerNumber: String
    public var dialedNumber: String
    public var subaddress: String
    public var bearer: Bearer
    public init(callerNumber: String, dialedNumber: String, subaddress: String = "", bearer: Bearer) {
        self.callerNumber = callerNumber
        self.dialedNumber = dialedNumber
        self.subaddress = subaddress
        self.bearer = bearer
    }
}

/// Why a call ended, beyond its Q.931 cause: what the engine needs to pick PPTP's result code
/// (RFC 2637 §2.8 Outgoing-Call-Reply: no carrier, busy, no dial tone, time-out, ...).
public enum ClearReason: String, Sendable, Hashable {
    /// Our side hung up or rejected the call.
    case localHangUp = "hung up locally"
    /// The far end hung up.
    case remoteHangUp = "hung up by the far end"
    case busy = "busy"
    /// Rang until the no-answer timer ran out.
    case noAnswer = "no answer"
    case noDialTone = "no dial tone"
    /// The far end answered but the modems did not train up, or not within the requested speeds.
    case noCarrier = "no carrier"
    /// Carrier dropped during the call.
    case carrierLost = "carrier lost"
    /// The network or the called user refused the call; the cause says how.
    case refused = "refused"
    /// The line's hardware failed.
    case hardwareFailure = "hardware failure"
}

/// How a call ended: the Q.931 cause and our reason.
public struct CallClearing: Sendable, Hashable, CustomStringConvertible {
    public var cause: Q931Cause
    public var reason: ClearReason
    public init(cause: Q931Cause, reason: ClearReason) {
        self.cause = cause
        self.reason = reason
    }
    public var description: String { "\(reason.rawValue) (cause \(cause))" }
}

/// Everything a line tells the engine, delivered on the line's event loop.
public enum LineEvent: Sendable, Hashable {
    /// A call is ringing on the line; answer or reject it.
    case incomingCall(IncomingCall)
    /// The far end is being alerted (it rings) for the call we dialed.
    case alerting
    /// The call is up; frames may flow. Speeds are bits per second, as PPTP reports them.
    case connected(transmitSpeed: Int, receiveSpeed: Int)
    /// The call (or the attempt) is over; the line is idle again.
    case cleared(CallClearing)
    /// The driver lost its hardware; the line is out of service until the driver recovers.
    case hardwareFailure(String)
    /// The driver recovered its hardware (a modem answers again, an unplugged port is back):
    /// the line is idle and takes calls again.
    case restored
}
