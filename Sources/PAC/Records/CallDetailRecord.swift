import Foundation

/// One call as it ended: who, where, when, how it went and what it carried. Written as one
/// JSON line per call (docs/records.md); every field is plain so that `jq` and spreadsheets
/// read the file without knowing PPTP.
public struct CallDetailRecord: Codable, Sendable, Equatable {
    /// The PAC's Call ID (RFC 2637 §2.8, §2.9); nil for an incoming call rejected before one
    /// was allocated.
    public var callID: UInt16?
    /// The PNS's Call ID, once the PNS named one (Outgoing-Call-Request, Incoming-Call-Reply).
    public var peerCallID: UInt16?
    /// The PNS's Call Serial Number (§2.7), for outgoing calls.
    public var callSerialNumber: UInt16?
    /// "outgoing" (the PNS asked the PAC to dial) or "incoming" (a line rang).
    public var direction: String
    /// The PNS's address and the engine's number for its control connection.
    public var peer: String?
    public var connection: Int?
    /// The line the call used, its bearer ("analog"/"digital") and framing ("async"/"sync").
    public var line: Int?
    public var bearer: String?
    public var framing: String?
    public var dialedNumber: String
    /// The caller's number on incoming calls.
    public var callingNumber: String?

    /// ISO 8601 UTC with milliseconds: the request or ring, the connection, the release.
    public var startTime: Date
    public var answerTime: Date?
    public var endTime: Date
    /// Seconds from answer to release, to the millisecond; 0 for a call that never connected.
    public var durationSeconds: Double

    /// The last result the PAC gave for the call: Outgoing-Call-Reply for an outgoing call that
    /// failed, Call-Disconnect-Notify for one that was up, Incoming-Call-Reply when the PNS
    /// refused an incoming call, "line" when the call never reached a PNS.
    public var resultMessage: String?
    public var resultCode: Int?
    /// The result in words ("Busy", "Request", ...).
    public var result: String?
    /// The General Error Code (§2.16); 0 is None.
    public var errorCode: Int?
    /// The Q.931 cause value (Cause Code of §2.8, §2.13) and its name.
    public var cause: Int?
    public var causeName: String?
    /// How the call ended for the protocol: "disconnected" (Call-Disconnect-Notify sent),
    /// "not established" (a reply said no), "control connection closed" (§2.3: calls cleared
    /// implicitly); "rejected" for a call that never got a Call ID.
    public var release: String

    /// Transmit and receive speeds the line connected at, bit/s.
    public var transmitSpeed: Int?
    public var receiveSpeed: Int?
    /// The ACCM in force at the end (Set-Link-Info, RFC 2637 §2.15), hex.
    public var sendACCM: String?
    public var receiveACCM: String?

    /// The line's side: HDLC frames and octets, and the WAN-Error-Notify counters (§2.14).
    public var lineCounters: LineCounters?
    /// The GRE side (§4): packets, octets, losses and drops.
    public var tunnelCounters: TunnelCounters?
    /// WAN-Error-Notify messages sent to the PNS for this call.
    public var wanErrorNotifies: Int

    public struct LineCounters: Codable, Sendable, Equatable {
        public var framesSent: UInt64
        public var framesReceived: UInt64
        public var octetsSent: UInt64
        public var octetsReceived: UInt64
        public var crcErrors: UInt64
        public var framingErrors: UInt64
        public var hardwareOverruns: UInt64
        public var bufferOverruns: UInt64
        public var timeouts: UInt64
        public var alignmentErrors: UInt64
    }

    public struct TunnelCounters: Codable, Sendable, Equatable {
        public var packetsSent: Int
        public var octetsSent: Int
        public var packetsReceived: Int
        public var octetsReceived: Int
        public var packetsLost: Int
        public var dropsStale: Int
        public var dropsDuplicate: Int
        public var dropsTransmitQueueFull: Int
        public var dropsFrameTooLarge: Int
    }
}
