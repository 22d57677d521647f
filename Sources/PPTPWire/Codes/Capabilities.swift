/// Framing Capabilities of Start-Control-Connection-Request/-Reply (RFC 2637 §2.1, §2.2).
/// Undefined bits are kept: the field is a bit set the RFC leaves open to extension.
public struct FramingCapabilities: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let asynchronous = Self(rawValue: 1)
    public static let synchronous = Self(rawValue: 2)

    public var description: String { bitNames(rawValue, [1: "async", 2: "sync"]) }
}

/// Bearer Capabilities of Start-Control-Connection-Request/-Reply (RFC 2637 §2.1, §2.2).
public struct BearerCapabilities: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let analog = Self(rawValue: 1)
    public static let digital = Self(rawValue: 2)

    public var description: String { bitNames(rawValue, [1: "analog", 2: "digital"]) }
}

/// Bearer Type of Outgoing-Call-Request (1–3, RFC 2637 §2.7) and Incoming-Call-Request
/// (1–2, §2.9).
public struct BearerType: PPTPCode {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let analog = Self(rawValue: 1)
    public static let digital = Self(rawValue: 2)
    /// Only meaningful in an Outgoing-Call-Request: the call may be placed on either.
    public static let any = Self(rawValue: 3)

    public static let definedNames: [UInt32: String] = [1: "Analog", 2: "Digital", 3: "Any"]
}

/// Framing Type of Outgoing-Call-Request (1–3, RFC 2637 §2.7) and Incoming-Call-Connected
/// (1–2, §2.11).
public struct FramingType: PPTPCode {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let asynchronous = Self(rawValue: 1)
    public static let synchronous = Self(rawValue: 2)
    /// Only meaningful in an Outgoing-Call-Request: either framing is acceptable.
    public static let either = Self(rawValue: 3)

    public static let definedNames: [UInt32: String] = [1: "Asynchronous", 2: "Synchronous", 3: "Either"]
}

/// The Cause Code of Outgoing-Call-Reply (§2.8) and Call-Disconnect-Notify (§2.13): "additional
/// failure information"; for ISDN calls the Q.931 cause value. The line layer names the values.
public struct CauseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let none = Self(rawValue: 0)
    public var description: String { String(rawValue) }
}

private func bitNames(_ value: UInt32, _ names: [UInt32: String]) -> String {
    var parts = names.keys.sorted().filter { value & $0 != 0 }.map { names[$0]! }
    let unknown = value & ~names.keys.reduce(0, |)
    if unknown != 0 { parts.append("0x" + String(unknown, radix: 16)) }
    return parts.isEmpty ? "none" : parts.joined(separator: "+")
}
