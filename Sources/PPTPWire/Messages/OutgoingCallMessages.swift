// Outgoing call messages (RFC 2637 §2.7, §2.8): the PNS asks the PAC to place a call.

/// Outgoing-Call-Request (RFC 2637 §2.7), PNS → PAC.
public struct OutgoingCallRequest: Hashable, Sendable {
    /// Assigned by the PNS; the PAC puts it in the GRE key of packets it sends (§4.1).
    public var callID: UInt16
    public var callSerialNumber: UInt16
    public var minimumBPS: UInt32
    public var maximumBPS: UInt32
    public var bearerType: BearerType
    public var framingType: FramingType
    public var packetReceiveWindowSize: UInt16
    /// In units of 1/10 s (§2.7, §4.4).
    public var packetProcessingDelay: UInt16
    /// ASCII digits to dial; the Phone Number Length field is its octet count.
    public var phoneNumber: String
    public var subaddress: String

    public init(
        callID: UInt16, callSerialNumber: UInt16, minimumBPS: UInt32, maximumBPS: UInt32,
        bearerType: BearerType, framingType: FramingType, packetReceiveWindowSize: UInt16,
        packetProcessingDelay: UInt16, phoneNumber: String, subaddress: String = ""
    ) {
        self.callID = callID
        self.callSerialNumber = callSerialNumber
        self.minimumBPS = minimumBPS
        self.maximumBPS = maximumBPS
        self.bearerType = bearerType
        self.framingType = framingType
        self.packetReceiveWindowSize = packetReceiveWindowSize
        self.packetProcessingDelay = packetProcessingDelay
        self.phoneNumber = phoneNumber
        self.subaddress = subaddress
    }
}

/// Outgoing-Call-Reply (RFC 2637 §2.8), PAC → PNS.
public struct OutgoingCallReply: Hashable, Sendable {
    /// Assigned by the PAC.
    public var callID: UInt16
    /// The Call ID of the Outgoing-Call-Request this answers.
    public var peerCallID: UInt16
    public var resultCode: OutgoingCallResult
    public var errorCode: GeneralErrorCode
    /// For ISDN calls the Q.931 cause value.
    public var causeCode: CauseCode
    public var connectSpeed: UInt32
    public var packetReceiveWindowSize: UInt16
    /// In units of 1/10 s.
    public var packetProcessingDelay: UInt16
    /// Vendor-specific, for logging (§2.8).
    public var physicalChannelID: UInt32

    public init(
        callID: UInt16, peerCallID: UInt16, resultCode: OutgoingCallResult,
        errorCode: GeneralErrorCode = .none, causeCode: CauseCode = .none, connectSpeed: UInt32,
        packetReceiveWindowSize: UInt16, packetProcessingDelay: UInt16, physicalChannelID: UInt32
    ) {
        self.callID = callID
        self.peerCallID = peerCallID
        self.resultCode = resultCode
        self.errorCode = errorCode
        self.causeCode = causeCode
        self.connectSpeed = connectSpeed
        self.packetReceiveWindowSize = packetReceiveWindowSize
        self.packetProcessingDelay = packetProcessingDelay
        self.physicalChannelID = physicalChannelID
    }
}
