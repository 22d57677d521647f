// Control connection management messages (RFC 2637 §2.1–§2.6).

/// Start-Control-Connection-Request (RFC 2637 §2.1): opens a control connection.
public struct StartControlConnectionRequest: Hashable, Sendable {
    public var protocolVersion: UInt16
    public var framingCapabilities: FramingCapabilities
    public var bearerCapabilities: BearerCapabilities
    /// Sessions the PAC supports; a PNS SHOULD send 0 and the PAC MUST ignore it (§2.1).
    public var maximumChannels: UInt16
    public var firmwareRevision: UInt16
    /// At most 64 octets on the wire; longer values are cut to the field.
    public var hostName: String
    public var vendorName: String

    public init(
        protocolVersion: UInt16 = PPTPHeader.protocolVersion,
        framingCapabilities: FramingCapabilities, bearerCapabilities: BearerCapabilities,
        maximumChannels: UInt16, firmwareRevision: UInt16, hostName: String, vendorName: String
    ) {
        self.protocolVersion = protocolVersion
        self.framingCapabilities = framingCapabilities
        self.bearerCapabilities = bearerCapabilities
        self.maximumChannels = maximumChannels
        self.firmwareRevision = firmwareRevision
        self.hostName = hostName
        self.vendorName = vendorName
    }
}

/// Start-Control-Connection-Reply (RFC 2637 §2.2).
public struct StartControlConnectionReply: Hashable, Sendable {
    public var protocolVersion: UInt16
    public var resultCode: StartControlConnectionResult
    public var errorCode: GeneralErrorCode
    public var framingCapabilities: FramingCapabilities
    public var bearerCapabilities: BearerCapabilities
    public var maximumChannels: UInt16
    public var firmwareRevision: UInt16
    public var hostName: String
    public var vendorName: String

    public init(
        protocolVersion: UInt16 = PPTPHeader.protocolVersion,
        resultCode: StartControlConnectionResult, errorCode: GeneralErrorCode = .none,
        framingCapabilities: FramingCapabilities, bearerCapabilities: BearerCapabilities,
        maximumChannels: UInt16, firmwareRevision: UInt16, hostName: String, vendorName: String
    ) {
        self.protocolVersion = protocolVersion
        self.resultCode = resultCode
        self.errorCode = errorCode
        self.framingCapabilities = framingCapabilities
        self.bearerCapabilities = bearerCapabilities
        self.maximumChannels = maximumChannels
        self.firmwareRevision = firmwareRevision
        self.hostName = hostName
        self.vendorName = vendorName
    }
}

/// Stop-Control-Connection-Request (RFC 2637 §2.3): closes the control connection and
/// implicitly clears all its calls.
public struct StopControlConnectionRequest: Hashable, Sendable {
    public var reason: StopControlConnectionReason
    public init(reason: StopControlConnectionReason) { self.reason = reason }
}

/// Stop-Control-Connection-Reply (RFC 2637 §2.4).
public struct StopControlConnectionReply: Hashable, Sendable {
    public var resultCode: OKOrGeneralErrorResult
    public var errorCode: GeneralErrorCode
    public init(resultCode: OKOrGeneralErrorResult, errorCode: GeneralErrorCode = .none) {
        self.resultCode = resultCode
        self.errorCode = errorCode
    }
}

/// Echo-Request (RFC 2637 §2.5): the control connection's keep-alive (§3.1.4).
public struct EchoRequest: Hashable, Sendable {
    public var identifier: UInt32
    public init(identifier: UInt32) { self.identifier = identifier }
}

/// Echo-Reply (RFC 2637 §2.6): copies the request's Identifier.
public struct EchoReply: Hashable, Sendable {
    public var identifier: UInt32
    public var resultCode: OKOrGeneralErrorResult
    public var errorCode: GeneralErrorCode
    public init(identifier: UInt32, resultCode: OKOrGeneralErrorResult = .ok, errorCode: GeneralErrorCode = .none) {
        self.identifier = identifier
        self.resultCode = resultCode
        self.errorCode = errorCode
    }
}
