import PPTPWire

/// Counters of one control connection, for status and metrics.
public struct ControlConnectionStatistics: Hashable, Sendable {
    /// Indexed by Control Message Type (1–15); index 0 counts undecodable messages.
    public private(set) var received = [UInt64](repeating: 0, count: 16)
    public private(set) var sent = [UInt64](repeating: 0, count: 16)
    /// Indexed by `ProtocolViolation.Kind.rawValue`.
    public private(set) var violations = [UInt64](repeating: 0, count: ProtocolViolation.Kind.allCases.count)

    public init() {}

    public func received(_ type: ControlMessageType) -> UInt64 { received[Int(type.rawValue)] }
    public func sent(_ type: ControlMessageType) -> UInt64 { sent[Int(type.rawValue)] }
    public func violations(_ kind: ProtocolViolation.Kind) -> UInt64 { violations[kind.rawValue] }
    public var totalViolations: UInt64 { violations.reduce(0, +) }

    mutating func count(received type: ControlMessageType?) { received[Int(type?.rawValue ?? 0)] += 1 }
    mutating func count(sent type: ControlMessageType) { sent[Int(type.rawValue)] += 1 }
    mutating func count(_ kind: ProtocolViolation.Kind) { violations[kind.rawValue] += 1 }
}
