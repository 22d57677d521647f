/// A protocol field whose values the RFC enumerates, but which a peer may fill with anything.
///
/// Codes are open structs rather than enums so that a message with an undefined value still
/// decodes when the caller asks for it, round-trips byte-exactly, and can be answered with the
/// RFC's Bad-Value error (RFC 2637 §2.16) instead of being lost.
public protocol PPTPCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible
where RawValue: FixedWidthInteger & Sendable {
    /// The values RFC 2637 defines for this field, with their RFC names.
    static var definedNames: [RawValue: String] { get }
}

extension PPTPCode {
    /// Whether RFC 2637 defines this value.
    public var isDefined: Bool { Self.definedNames[rawValue] != nil }

    public var description: String {
        if let name = Self.definedNames[rawValue] { return "\(rawValue) (\(name))" }
        return "\(rawValue) (undefined)"
    }
}
