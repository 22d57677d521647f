import LineHAL
import NIOCore
import PPTPProtocol

/// The `timers:` section: the control connection's timers in seconds, RFC 2637's 60 s each
/// unless set (docs/configuration.md). The simulated network's own timing is `lines.timing`.
public struct TimersConfiguration: Sendable, Equatable {
    /// §3.1.4 (1): a connection not established by then is closed.
    public var setUp = 60
    /// §3.1.4 (2): an Echo-Request after this long without a control message.
    public var keepAlive = 60
    /// §3.1.4 (2): the Echo-Reply's deadline.
    public var echoReply = 60
    /// §3: "if an expected reply does not arrive within 60 seconds": the Stop-Control-Connection-Reply's deadline.
    public var stopReply = 60
    /// §3.2.1: a call transition waiting on the peer longer closes the control connection.
    public var callTransition = 60
    /// §3.2.4.1: an outgoing call neither connected nor failed by then gets Outgoing-Call-Reply Time-out.
    public var outgoingCall = 60
    /// §2.14: at most one WAN-Error-Notify per call in this interval.
    public var wanErrorNotify = 60

    public init() {}

    /// Each key, its bounds and where it goes. §3.2.1 discourages short call timers (an
    /// international call may take over a minute), so they may grow to 10 minutes; §2.14 forbids
    /// WAN-Error-Notify more often than every 60 s.
    private static var keys: [(name: String, bounds: ClosedRange<Int>, field: WritableKeyPath<TimersConfiguration, Int>)] {
        [
            ("set-up", 1...600, \.setUp),
            ("keep-alive", 1...3600, \.keepAlive),
            ("echo-reply", 1...600, \.echoReply),
            ("stop-reply", 1...600, \.stopReply),
            ("call-transition", 1...600, \.callTransition),
            ("outgoing-call", 1...600, \.outgoingCall),
            ("wan-error-notify", 60...3600, \.wanErrorNotify),
        ]
    }

    static func parse(_ root: inout YAMLMappingReader) throws(ProfileError) -> TimersConfiguration {
        var section = try root.mapping("timers")
        var timers = TimersConfiguration()
        for key in keys where section.has(key.name) {
            timers[keyPath: key.field] = try section.integer(key.name, in: key.bounds)
        }
        try section.finish()
        return timers
    }

    /// The timers into a control connection's configuration.
    public func apply(to control: inout ControlConnectionConfiguration) {
        control.setupTimeout = .seconds(Int64(setUp))
        control.keepAliveInterval = .seconds(Int64(keepAlive))
        control.echoReplyTimeout = .seconds(Int64(echoReply))
        control.stopReplyTimeout = .seconds(Int64(stopReply))
        control.callTransitionTimeout = .seconds(Int64(callTransition))
        control.outgoingCallTimeout = .seconds(Int64(outgoingCall))
        control.wanErrorNotifyInterval = .seconds(Int64(wanErrorNotify))
    }

    /// `set-up 60 s, keep-alive 60 s, …` for `pac check-config`.
    public var summary: String {
        Self.keys.map { "\($0.name) \(self[keyPath: $0.field]) s" }.joined(separator: ", ")
    }
}
