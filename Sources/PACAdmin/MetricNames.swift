/// Every metric `GET /metrics` exports, in one place; docs/metrics.md explains each.
/// Counters end in `_total` and count since `pac serve` started.
enum MetricName {
    /// Calls by `direction` and `result`: outgoing by the Outgoing-Call-Reply result sent
    /// (RFC 2637 §2.8: `connected`, `busy`, `no_carrier`, `time_out`…), incoming `connected`
    /// (Incoming-Call-Connected sent) or `rejected` (refused by the PAC before a PNS saw it).
    static let calls = "pac_calls_total"
    /// Call-Disconnect-Notify messages sent, by `result` (§2.13: `lost_carrier`, `request`…).
    static let callDisconnects = "pac_call_disconnects_total"
    /// Calls in progress, by `direction`.
    static let activeCalls = "pac_calls_active"
    /// Lines by pool `state`: `free`, `in_use`, `out_of_service`.
    static let lines = "pac_lines"
    /// Open control connections by `state`: `established`, `setting_up`.
    static let controlConnections = "pac_control_connections"
    /// Control connections from PNS peers by `result`: `accepted` or `refused` (allow-list).
    static let controlConnectionsOpened = "pac_control_connections_total"
    static let protocolViolations = "pac_protocol_violations_total"
    /// Control connections closed because no Echo-Reply came (§3.1.4).
    static let keepAliveFailures = "pac_keepalive_failures_total"
    /// GRE payload packets and octets of the calls' tunnels, by `direction`: `sent`, `received`.
    static let grePackets = "pac_gre_packets_total"
    static let greOctets = "pac_gre_octets_total"
    /// Sequence numbers the receive side gave up waiting for (§4.3).
    static let grePacketsLost = "pac_gre_packets_lost_total"
    /// GRE packets dropped, by `reason`.
    static let greDrops = "pac_gre_drops_total"
    static let wanErrorNotifies = "pac_wan_error_notify_sent_total"
    /// The six WAN-Error-Notify counters (§2.14) summed over all calls, by `counter`.
    static let lineErrors = "pac_line_errors_total"
    /// Connections refused, calls refused and connections closed by the limits, by `limit`
    /// (docs/reliability.md "Limits"; GRE drops are in `greDrops`).
    static let limitEvents = "pac_limit_events_total"
}
