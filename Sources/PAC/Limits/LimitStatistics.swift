/// What the limits refused, closed and dropped since start; shown in the admin API status as
/// `limits` (docs/admin-api.md) and in `GET /metrics` as `pac_limit_events_total` by `limit`
/// (docs/metrics.md).
public struct LimitStatistics: Sendable, Hashable, Codable {
    /// TCP connections closed on accept: `limits.max-connections` were already open.
    public var connectionsRefusedMaximum: UInt64 = 0
    /// … the peer already had `limits.max-connections-per-peer` open.
    public var connectionsRefusedPerPeer: UInt64 = 0
    /// … the peer opened more than `limits.connections-per-peer-per-minute`.
    public var connectionsRefusedRate: UInt64 = 0
    /// Outgoing-Call-Requests refused: the peer held `limits.max-calls-per-peer` calls.
    public var callsRefusedPerPeer: UInt64 = 0
    /// Connections closed with no complete message within `limits.first-message-timeout`.
    public var closedNoFirstMessage: UInt64 = 0
    /// … with a message incomplete for `limits.message-completion-timeout`.
    public var closedIncompleteMessage: UInt64 = 0
    /// … for sending more messages than `limits.messages-per-second` allows.
    public var closedMessageFlood: UInt64 = 0
    /// … because the stream lost synchronization: Length out of bounds (an oversized or
    /// endless message), bad Magic Cookie, end of stream inside a message (RFC 2637 §1.4).
    public var closedLostSynchronization: UInt64 = 0
    /// GRE packets dropped before reaching a call (RFC 2637 §4.1): malformed, for an unknown
    /// Call ID, or from an address other than the call's peer (spoofed). Zero without GRE.
    public var greDroppedMalformed: UInt64 = 0
    public var greDroppedUnknownCall: UInt64 = 0
    public var greDroppedWrongPeer: UInt64 = 0

    public init() {}
}
