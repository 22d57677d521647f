/// General Error Codes, carried in the Error Code field of every reply whose Result Code is
/// General Error (RFC 2637 §2.16).
public struct GeneralErrorCode: PPTPCode {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let none = Self(rawValue: 0)
    /// No control connection exists yet for this PAC-PNS pair.
    public static let notConnected = Self(rawValue: 1)
    /// Length is wrong or Magic Cookie value is incorrect.
    public static let badFormat = Self(rawValue: 2)
    /// A field value was out of range or a reserved field was non-zero.
    public static let badValue = Self(rawValue: 3)
    /// Insufficient resources to handle this command now.
    public static let noResource = Self(rawValue: 4)
    /// The Call ID is invalid in this context.
    public static let badCallID = Self(rawValue: 5)
    /// A generic vendor-specific error occurred in the PAC.
    public static let pacError = Self(rawValue: 6)

    public static let definedNames: [UInt8: String] = [
        0: "None", 1: "Not-Connected", 2: "Bad-Format", 3: "Bad-Value",
        4: "No-Resource", 5: "Bad-Call ID", 6: "PAC-Error",
    ]
}
