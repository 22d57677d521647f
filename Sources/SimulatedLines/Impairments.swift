import NIOCore

/// Noise that arrives in bursts: each burst garbles `lengthInBits` consecutive bits (the first
/// and last always flipped, each between with probability ½), bursts starting at random with
/// `meanInterval` between them on average.
public struct ErrorBurst: Sendable, Hashable {
    public var meanInterval: TimeAmount
    public var lengthInBits: Int
    public init(meanInterval: TimeAmount, lengthInBits: Int) {
        precondition(lengthInBits >= 1, "an error burst is at least one bit long")
        self.meanInterval = meanInterval
        self.lengthInBits = lengthInBits
    }
}

/// What is wrong with a line. Set it on `SimulatedLine.impairments` at any time; a call that
/// is up feels the change from the next character on. docs/lines.md says which counter each
/// impairment moves.
public struct Impairments: Sendable, Hashable {
    /// Probability that any one bit on the wire (start and stop bits included) arrives inverted,
    /// both directions.
    public var bitErrorRate: Double
    public var errorBursts: ErrorBurst?
    /// One-way delay added to every character, both directions.
    public var latency: TimeAmount
    /// Probability that the line's receiver loses a character because its FIFO overflowed.
    public var hardwareOverrunRate: Double
    /// When the carrier drops; a call that is up then (or connects later) is cleared.
    public var carrierLoss: NIODeadline?

    public init(
        bitErrorRate: Double = 0, errorBursts: ErrorBurst? = nil, latency: TimeAmount = .zero,
        hardwareOverrunRate: Double = 0, carrierLoss: NIODeadline? = nil
    ) {
        precondition((0...1).contains(bitErrorRate), "bit error rate \(bitErrorRate) is not a probability")
        precondition((0...1).contains(hardwareOverrunRate), "overrun rate \(hardwareOverrunRate) is not a probability")
        self.bitErrorRate = bitErrorRate
        self.errorBursts = errorBursts
        self.latency = latency
        self.hardwareOverrunRate = hardwareOverrunRate
        self.carrierLoss = carrierLoss
    }

    public static let none = Impairments()
}
