// Call clearing messages (RFC 2637 §2.12, §2.13).

/// Call-Clear-Request (RFC 2637 §2.12), PNS → PAC.
public struct CallClearRequest: Hashable, Sendable {
    /// The PNS's own Call ID for the call (the PAC's may not be known yet).
    public var callID: UInt16
    public init(callID: UInt16) { self.callID = callID }
}

/// Call-Disconnect-Notify (RFC 2637 §2.13), PAC → PNS.
public struct CallDisconnectNotify: Hashable, Sendable {
    /// The PAC's own Call ID for the call.
    public var callID: UInt16
    public var resultCode: CallDisconnectResult
    public var errorCode: GeneralErrorCode
    /// For ISDN calls the Q.931 cause value.
    public var causeCode: CauseCode
    /// Vendor-specific ASCII statistics, at most 128 octets on the wire.
    public var callStatistics: String

    public init(
        callID: UInt16, resultCode: CallDisconnectResult, errorCode: GeneralErrorCode = .none,
        causeCode: CauseCode = .none, callStatistics: String = ""
    ) {
        self.callID = callID
        self.resultCode = resultCode
        self.errorCode = errorCode
        self.causeCode = causeCode
        self.callStatistics = callStatistics
    }
}
