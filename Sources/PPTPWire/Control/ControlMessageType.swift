/// The fixed part of every PPTP control-connection message (RFC 2637 §1.4).
public enum PPTPHeader {
    /// Sent as the constant 0x1A2B3C4D; a receiver that sees anything else has lost
    /// synchronization and must close the TCP session (RFC 2637 §1.4).
    public static let magicCookie: UInt32 = 0x1A2B_3C4D
    /// Length (2) + PPTP Message Type (2) + Magic Cookie (4).
    public static let fixedLength = 8
    /// Fixed header plus Control Message Type (2) and Reserved0 (2).
    public static let controlHeaderLength = 12
    /// The only protocol version defined: version 1, revision 0 (RFC 2637 §1.4).
    public static let protocolVersion: UInt16 = 0x0100
    /// The well-known TCP port of the control connection (RFC 2637 §1.4).
    public static let tcpPort = 1723
    /// MTU of user data carried in GRE, excluding IP and GRE headers (RFC 2637 §1.4).
    public static let userDataMTU = 1532
}

/// The PPTP Message Type field (RFC 2637 §1.4). Management messages are not defined.
public enum PPTPMessageType: UInt16, Sendable {
    case control = 1
    case management = 2
}

/// Control Message Type codes (RFC 2637 §1.4).
public enum ControlMessageType: UInt16, Sendable, CaseIterable, CustomStringConvertible {
    case startControlConnectionRequest = 1
    case startControlConnectionReply = 2
    case stopControlConnectionRequest = 3
    case stopControlConnectionReply = 4
    case echoRequest = 5
    case echoReply = 6
    case outgoingCallRequest = 7
    case outgoingCallReply = 8
    case incomingCallRequest = 9
    case incomingCallReply = 10
    case incomingCallConnected = 11
    case callClearRequest = 12
    case callDisconnectNotify = 13
    case wanErrorNotify = 14
    case setLinkInfo = 15

    /// Total message length, header included, fixed by RFC 2637 §2.1–§2.15.
    public var length: Int {
        switch self {
        case .startControlConnectionRequest, .startControlConnectionReply: 156
        case .stopControlConnectionRequest, .stopControlConnectionReply: 16
        case .echoRequest: 16
        case .echoReply: 20
        case .outgoingCallRequest: 168
        case .outgoingCallReply: 32
        case .incomingCallRequest: 220
        case .incomingCallReply: 24
        case .incomingCallConnected: 28
        case .callClearRequest: 16
        case .callDisconnectNotify: 148
        case .wanErrorNotify: 40
        case .setLinkInfo: 24
        }
    }

    /// The RFC's name, as used in error messages and logs.
    public var description: String {
        switch self {
        case .startControlConnectionRequest: "Start-Control-Connection-Request"
        case .startControlConnectionReply: "Start-Control-Connection-Reply"
        case .stopControlConnectionRequest: "Stop-Control-Connection-Request"
        case .stopControlConnectionReply: "Stop-Control-Connection-Reply"
        case .echoRequest: "Echo-Request"
        case .echoReply: "Echo-Reply"
        case .outgoingCallRequest: "Outgoing-Call-Request"
        case .outgoingCallReply: "Outgoing-Call-Reply"
        case .incomingCallRequest: "Incoming-Call-Request"
        case .incomingCallReply: "Incoming-Call-Reply"
        case .incomingCallConnected: "Incoming-Call-Connected"
        case .callClearRequest: "Call-Clear-Request"
        case .callDisconnectNotify: "Call-Disconnect-Notify"
        case .wanErrorNotify: "WAN-Error-Notify"
        case .setLinkInfo: "Set-Link-Info"
        }
    }
}
