/// A line's counters since its current call was established (RFC 2637 §2.14
/// WAN-Error-Notify carries the first six), plus traffic each way.
public struct LineStatistics: Sendable, Hashable, Codable {
    /// Frames whose FCS did not match.
    public var crcErrors: UInt64 = 0
    /// Frames broken by a framing error (an abort, an invalid escape, too short).
    public var framingErrors: UInt64 = 0
    /// Characters lost because the receiver hardware could not keep up.
    public var hardwareOverruns: UInt64 = 0
    /// Frames dropped because they did not fit the receive buffer.
    public var bufferOverruns: UInt64 = 0
    /// Receive timers that expired (the carrier-detect timer when carrier drops).
    public var timeouts: UInt64 = 0
    /// Sync frames whose length was not a whole number of octets.
    public var alignmentErrors: UInt64 = 0
    public var octetsSent: UInt64 = 0
    public var octetsReceived: UInt64 = 0
    public var framesSent: UInt64 = 0
    public var framesReceived: UInt64 = 0

    public init() {}

    /// True when any WAN-Error-Notify counter is not zero.
    public var hasErrors: Bool {
        crcErrors | framingErrors | hardwareOverruns | bufferOverruns | timeouts | alignmentErrors != 0
    }
}
