/// A simulated line's impairments as the admin API reads and writes them
/// (`PUT/GET/DELETE /v1/lines/{id}/impairments`, `pac impair`). Absent fields are zero.
public struct ImpairmentSettings: Codable, Sendable, Equatable {
    /// Probability that one bit on the wire arrives inverted, both directions (0…1).
    public var bitErrorRate: Double?
    /// One-way delay added to every character, both directions.
    public var latencyMilliseconds: Double?
    /// The carrier drops this long after the request (a call up then, or connecting later, is
    /// cleared with Call-Disconnect-Notify Lost Carrier). Read back: the time left.
    public var dropCarrierAfterSeconds: Double?
    /// Probability that the line's receiver loses a character to a FIFO overrun (0…1).
    public var hardwareOverrunRate: Double?

    public init(
        bitErrorRate: Double? = nil, latencyMilliseconds: Double? = nil, dropCarrierAfterSeconds: Double? = nil,
        hardwareOverrunRate: Double? = nil
    ) {
        self.bitErrorRate = bitErrorRate
        self.latencyMilliseconds = latencyMilliseconds
        self.dropCarrierAfterSeconds = dropCarrierAfterSeconds
        self.hardwareOverrunRate = hardwareOverrunRate
    }
}
