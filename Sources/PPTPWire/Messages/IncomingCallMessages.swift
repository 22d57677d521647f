// Incoming call messages (RFC 2637 §2.9–§2.11): the three-way handshake for a call that
// arrives on one of the PAC's lines.

/// Incoming-Call-Request (RFC 2637 §2.9), PAC → PNS.
public struct IncomingCallRequest: Hashable, Sendable {
    /// Assigned by the PAC.
    public var callID: UInt16
    public var callSerialNumber: UInt16
    /// Analog or digital (§2.9 defines only 1 and 2 here).
    public var bearerType: BearerType
    public var physicalChannelID: UInt32
    /// The number the caller dialed (ASCII).
    public var dialedNumber: String
    /// The caller's number (ASCII).
    public var dialingNumber: String
    public var subaddress: String

    public init(
        callID: UInt16, callSerialNumber: UInt16, bearerType: BearerType, physicalChannelID: UInt32,
        dialedNumber: String, dialingNumber: String, subaddress: String = ""
    ) {
        self.callID = callID
        self.callSerialNumber = callSerialNumber
        self.bearerType = bearerType
        self.physicalChannelID = physicalChannelID
        self.dialedNumber = dialedNumber
        self.dialingNumber = dialingNumber
        self.subaddress = subaddress
    }
}

/// Incoming-Call-Reply (RFC 2637 §2.10), PNS → PAC.
public struct IncomingCallReply: Hashable, Sendable {
    /// Assigned by the PNS; the PAC puts it in the GRE key of packets it sends.
    public var callID: UInt16
    /// The PAC's Call ID from the Incoming-Call-Request.
    public var peerCallID: UInt16
    public var resultCode: IncomingCallResult
    public var errorCode: GeneralErrorCode
    public var packetReceiveWindowSize: UInt16
    /// In units of 1/10 s.
    public var packetTransmitDelay: UInt16

    public init(
        callID: UInt16, peerCallID: UInt16, resultCode: IncomingCallResult,
        errorCode: GeneralErrorCode = .none, packetReceiveWindowSize: UInt16, packetTransmitDelay: UInt16
    ) {
        self.callID = callID
        self.peerCallID = peerCallID
        self.resultCode = resultCode
        self.errorCode = errorCode
        self.packetReceiveWindowSize = packetReceiveWindowSize
        self.packetTransmitDelay = packetTransmitDelay
    }
}

/// Incoming-Call-Connected (RFC 2637 §2.11), PAC → PNS.
public struct IncomingCallConnected: Hashable, Sendable {
    /// The PNS's Call ID from the Incoming-Call-Reply.
    public var peerCallID: UInt16
    public var connectSpeed: UInt32
    public var packetReceiveWindowSize: UInt16
    /// In units of 1/10 s.
    public var packetTransmitDelay: UInt16
    /// Asynchronous or synchronous (§2.11 defines only 1 and 2 here).
    public var framingType: FramingType

    public init(
        peerCallID: UInt16, connectSpeed: UInt32, packetReceiveWindowSize: UInt16,
        packetTransmitDelay: UInt16, framingType: FramingType
    ) {
        self.peerCallID = peerCallID
        self.connectSpeed = connectSpeed
        self.packetReceiveWindowSize = packetReceiveWindowSize
        self.packetTransmitDelay = packetTransmitDelay
        self.framingType = framingType
    }
}
