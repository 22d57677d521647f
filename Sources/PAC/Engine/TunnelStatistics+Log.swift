import PPTPProtocol

extension TunnelStatistics {
    /// One call's tunnel as it stood at release, as `key=value` words: what operators read
    /// in the log after a call and what the interop tests parse (docs/data-plane.md, "Counters
    /// at call release"). Durations are in microseconds so that the words stay integers.
    var logSummary: String {
        let words: [(String, Int)] = [
            ("packetsSent", packetsSent), ("octetsSent", octetsSent),
            ("packetsReceived", packetsReceived), ("octetsReceived", octetsReceived),
            ("framesDelivered", framesDelivered), ("packetsLost", packetsLost),
            ("dropsStale", drops.stale), ("dropsDuplicate", drops.duplicate),
            ("dropsTransmitQueueFull", drops.transmitQueueFull), ("dropsFrameTooLarge", drops.frameTooLarge),
            ("acknowledgmentsSent", acknowledgmentsSent), ("acknowledgmentsReceived", acknowledgmentsReceived),
            ("acknowledgmentsBeyondSent", acknowledgmentsBeyondSent), ("timeouts", timeouts),
            ("resynchronizations", resynchronizations),
            ("transmitWindow", transmitWindow), ("transmitWindowEnforced", transmitWindowEnforced ? 1 : 0),
            ("acknowledgmentTimeoutMicroseconds", Int(acknowledgmentTimeout.nanoseconds / 1000)),
            ("roundTripTimeMicroseconds", Int(roundTripTime.nanoseconds / 1000)),
        ]
        return words.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }
}
