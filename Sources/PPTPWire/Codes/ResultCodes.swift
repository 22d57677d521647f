/// Result Code of a Start-Control-Connection-Reply (RFC 2637 §2.2).
public struct StartControlConnectionResult: PPTPCode {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let successful = Self(rawValue: 1)
    public static let generalError = Self(rawValue: 2)
    public static let channelAlreadyExists = Self(rawValue: 3)
    public static let notAuthorized = Self(rawValue: 4)
    public static let unsupportedProtocolVersion = Self(rawValue: 5)

    public static let definedNames: [UInt8: String] = [
        1: "Successful", 2: "General Error", 3: "Command Channel Already Exists",
        4: "Not Authorized", 5: "Unsupported Protocol Version",
    ]
}

/// Reason of a Stop-Control-Connection-Request (RFC 2637 §2.3).
public struct StopControlConnectionReason: PPTPCode {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let none = Self(rawValue: 1)
    public static let stopProtocol = Self(rawValue: 2)
    public static let stopLocalShutdown = Self(rawValue: 3)

    public static let definedNames: [UInt8: String] = [1: "None", 2: "Stop-Protocol", 3: "Stop-Local-Shutdown"]
}

/// Result Code of a Stop-Control-Connection-Reply (RFC 2637 §2.4) and of an Echo-Reply (§2.6):
/// both define exactly OK and General Error.
public struct OKOrGeneralErrorResult: PPTPCode {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let ok = Self(rawValue: 1)
    public static let generalError = Self(rawValue: 2)

    public static let definedNames: [UInt8: String] = [1: "OK", 2: "General Error"]
}

/// Result Code of an Outgoing-Call-Reply (RFC 2637 §2.8).
public struct OutgoingCallResult: PPTPCode {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let connected = Self(rawValue: 1)
    public static let generalError = Self(rawValue: 2)
    public static let noCarrier = Self(rawValue: 3)
    public static let busy = Self(rawValue: 4)
    public static let noDialTone = Self(rawValue: 5)
    public static let timeOut = Self(rawValue: 6)
    public static let doNotAccept = Self(rawValue: 7)

    public static let definedNames: [UInt8: String] = [
        1: "Connected", 2: "General Error", 3: "No Carrier", 4: "Busy",
        5: "No Dial Tone", 6: "Time-out", 7: "Do Not Accept",
    ]
}

/// Result Code of an Incoming-Call-Reply (RFC 2637 §2.10).
public struct IncomingCallResult: PPTPCode {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let connect = Self(rawValue: 1)
    public static let generalError = Self(rawValue: 2)
    public static let doNotAccept = Self(rawValue: 3)

    public static let definedNames: [UInt8: String] = [1: "Connect", 2: "General Error", 3: "Do Not Accept"]
}

/// Result Code of a Call-Disconnect-Notify (RFC 2637 §2.13).
public struct CallDisconnectResult: PPTPCode {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let lostCarrier = Self(rawValue: 1)
    public static let generalError = Self(rawValue: 2)
    public static let adminShutdown = Self(rawValue: 3)
    public static let request = Self(rawValue: 4)

    public static let definedNames: [UInt8: String] = [
        1: "Lost Carrier", 2: "General Error", 3: "Admin Shutdown", 4: "Request",
    ]
}
