/// Identifies one line (one modem, one B-channel) for the whole life of the process.
/// The pool, the engine's status and the logs all name a line by this value.
public struct LineID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public static func < (lhs: LineID, rhs: LineID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "line \(rawValue)" }
}

/// What a call carries: the two bearer capabilities PPTP distinguishes (RFC 2637 §2.1,
/// Bearer Capabilities: analog access and digital access).
public enum Bearer: String, Sendable, Hashable, CaseIterable {
    /// A voice-band call through a modem.
    case analog
    /// A 64 kbit/s clear channel (an ISDN B-channel).
    case digital
}

/// How PPP frames are delimited on the line (RFC 2637 §2.1, Framing Capabilities).
public enum Framing: String, Sendable, Hashable, CaseIterable {
    /// Async HDLC-like framing, octet stuffed (RFC 1662 §4): modems.
    case async
    /// Bit-synchronous HDLC, bit stuffed (RFC 1662 §5): B-channels.
    case sync
}

/// A closed range of line speeds in bits per second, as PPTP's Minimum/Maximum BPS.
public struct SpeedRange: Sendable, Hashable, CustomStringConvertible {
    public var minimum: Int
    public var maximum: Int
    public init(minimum: Int, maximum: Int) {
        precondition(minimum <= maximum, "speed range minimum \(minimum) above maximum \(maximum)")
        self.minimum = minimum
        self.maximum = maximum
    }
    /// Any speed: what a dial request asks for when the PNS does not care.
    public static let any = SpeedRange(minimum: 0, maximum: Int.max)
    public func contains(_ speed: Int) -> Bool { speed >= minimum && speed <= maximum }
    public var description: String { "\(minimum)–\(maximum) bit/s" }
}

/// What a line can do, fixed by its driver and profile.
public struct LineCapabilities: Sendable, Hashable {
    public var bearer: Bearer
    public var framing: Framing
    /// Speeds the line can connect at (receive direction, the faster one on asymmetric modems).
    public var speeds: SpeedRange
    /// The physical channel: the B-channel number on a span, the port number for a modem.
    public var channel: Int
    public init(bearer: Bearer, framing: Framing, speeds: SpeedRange, channel: Int) {
        self.bearer = bearer
        self.framing = framing
        self.speeds = speeds
        self.channel = channel
    }
}
