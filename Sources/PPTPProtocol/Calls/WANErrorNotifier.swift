import NIOCore
import PPTPWire

/// The six WAN-Error-Notify counters (RFC 2637 §2.14), as a line reports them.
public struct WANErrorCounters: Hashable, Sendable {
    public var crcErrors: UInt32
    public var framingErrors: UInt32
    public var hardwareOverruns: UInt32
    public var bufferOverruns: UInt32
    public var timeoutErrors: UInt32
    public var alignmentErrors: UInt32

    public init(
        crcErrors: UInt32 = 0, framingErrors: UInt32 = 0, hardwareOverruns: UInt32 = 0,
        bufferOverruns: UInt32 = 0, timeoutErrors: UInt32 = 0, alignmentErrors: UInt32 = 0
    ) {
        self.crcErrors = crcErrors
        self.framingErrors = framingErrors
        self.hardwareOverruns = hardwareOverruns
        self.bufferOverruns = bufferOverruns
        self.timeoutErrors = timeoutErrors
        self.alignmentErrors = alignmentErrors
    }

    public static let zero = WANErrorCounters()
}

/// When to send WAN-Error-Notify for one call (RFC 2637 §2.14): counters are cumulative and
/// reset when the call is established; a notify goes out only when a counter changed since
/// the last one, and not more than once every 60 seconds.
struct WANErrorNotifier: Hashable, Sendable {
    private var reported = WANErrorCounters.zero
    private var lastSentAt: NIODeadline?

    /// The counters to send now, or nil when nothing changed or the interval has not passed.
    /// Counters the caller passes are cumulative since establishment.
    mutating func update(_ counters: WANErrorCounters, now: NIODeadline, interval: TimeAmount) -> WANErrorCounters? {
        guard counters != reported else { return nil }
        if let lastSentAt, now < lastSentAt + interval { return nil }
        reported = counters
        lastSentAt = now
        return counters
    }
}
