import NIOCore

/// The acknowledgment time-out of one call: RFC 2637 §4.4.1's round-trip estimator and
/// §4.4.2's back-off, with the RFC's gains (alpha 1/8, beta 1/4, chi 4, delta 2).
///
/// The RFC suggests scaling by 8 so the gains become shifts; with nanosecond integers the
/// divisions by 8 and 4 lose under 8 ns, so the equations are written as the RFC states them.
struct AdaptiveTimeout: Sendable, Hashable {
    /// Bounds of ATO: MinTimeOut and the administrator-adjustable MaxTimeOut (§4.4).
    let minimum: TimeAmount
    let maximum: TimeAmount
    /// RTT[n-1]: estimated round-trip time, seeded with the peer's Packet Processing Delay.
    private(set) var roundTripTime: TimeAmount
    /// DEV[n-1]: estimated mean deviation, initially 0.
    private(set) var deviation: TimeAmount = .zero
    /// ATO: how long an acknowledgment may take before it is considered lost.
    private(set) var current: TimeAmount

    /// RFC 2637 §4.4: "The value of PPD is used to seed the adaptive algorithm with the initial
    /// RTT[n-1] value"; DEV starts at 0, so the first ATO is PPD within the bounds (RTT is held
    /// at MaxTimeOut at most, as in `backOff()`).
    init(packetProcessingDelay: TimeAmount, minimum: TimeAmount, maximum: TimeAmount) {
        precondition(minimum <= maximum, "MinTimeOut \(minimum) exceeds MaxTimeOut \(maximum)")
        self.minimum = minimum
        self.maximum = maximum
        self.roundTripTime = min(max(packetProcessingDelay, .zero), maximum)
        self.current = max(minimum, roundTripTime)
    }

    /// RFC 2637 §4.4.1, on each acknowledgment, with SAMPLE the time from sending the highest
    /// acknowledged packet to its acknowledgment (§4.2.5):
    ///   DIFF[n] = SAMPLE[n] - RTT[n-1]
    ///   DEV[n]  = DEV[n-1] + beta * (|DIFF[n]| - DEV[n-1])
    ///   RTT[n]  = RTT[n-1] + alpha * DIFF[n]
    ///   ATO[n]  = MAX(MinTimeOut, MIN(RTT[n] + chi * DEV[n], MaxTimeOut))
    mutating func record(sample: TimeAmount) {
        let difference = sample.nanoseconds - roundTripTime.nanoseconds
        deviation = .nanoseconds(deviation.nanoseconds + (abs(difference) - deviation.nanoseconds) / 4)
        roundTripTime = .nanoseconds(roundTripTime.nanoseconds + difference / 8)
        current = bounded(roundTripTime + .nanoseconds(4 * deviation.nanoseconds))
    }

    /// RFC 2637 §4.4.2, on a time-out: RTT[n] = delta * RTT[n-1], DEV[n] = DEV[n-1], ATO as above.
    ///
    /// RTT is held at MaxTimeOut at most: ATO is capped there anyway, so this ATO is the RFC's,
    /// and the estimate stays representable and recovers in a bounded number of samples after
    /// a long outage instead of having doubled without limit.
    mutating func backOff() {
        roundTripTime = min(.nanoseconds(2 * roundTripTime.nanoseconds), maximum)
        current = bounded(roundTripTime + .nanoseconds(4 * deviation.nanoseconds))
    }

    private func bounded(_ value: TimeAmount) -> TimeAmount {
        max(minimum, min(value, maximum))
    }
}
