// Error reporting and PPP session control (RFC 2637 §2.14, §2.15).

/// WAN-Error-Notify (RFC 2637 §2.14), PAC → PNS: cumulative line error counters since the
/// call was established.
public struct WANErrorNotify: Hashable, Sendable {
    /// The PNS's Call ID for the call.
    public var peerCallID: UInt16
    public var crcErrors: UInt32
    public var framingErrors: UInt32
    public var hardwareOverruns: UInt32
    public var bufferOverruns: UInt32
    public var timeoutErrors: UInt32
    public var alignmentErrors: UInt32

    public init(
        peerCallID: UInt16, crcErrors: UInt32 = 0, framingErrors: UInt32 = 0, hardwareOverruns: UInt32 = 0,
        bufferOverruns: UInt32 = 0, timeoutErrors: UInt32 = 0, alignmentErrors: UInt32 = 0
    ) {
        self.peerCallID = peerCallID
        self.crcErrors = crcErrors
        self.framingErrors = framingErrors
        self.hardwareOverruns = hardwareOverruns
        self.bufferOverruns = bufferOverruns
        self.timeoutErrors = timeoutErrors
        self.alignmentErrors = alignmentErrors
    }
}

/// Set-Link-Info (RFC 2637 §2.15), PNS → PAC: the PPP-negotiated async control character maps.
public struct SetLinkInfo: Hashable, Sendable {
    /// The PAC's Call ID for the call.
    public var peerCallID: UInt16
    /// ACCM for octets the PAC sends on the line (default 0xFFFFFFFF until this arrives).
    public var sendACCM: UInt32
    /// ACCM for octets the PAC receives from the line.
    public var receiveACCM: UInt32

    public init(peerCallID: UInt16, sendACCM: UInt32, receiveACCM: UInt32) {
        self.peerCallID = peerCallID
        self.sendACCM = sendACCM
        self.receiveACCM = receiveACCM
    }
}
