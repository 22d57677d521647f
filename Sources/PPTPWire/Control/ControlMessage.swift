/// One PPTP control-connection message (RFC 2637 §2.1–§2.15), carried on TCP port 1723.
///
/// Every case carries a value type named after the RFC message. Fixed header fields (length,
/// PPTP message type, magic cookie, reserved fields) are not stored: they are constants the
/// serializer writes and the parser checks.
public enum ControlMessage: Hashable, Sendable {
    case startControlConnectionRequest(StartControlConnectionRequest)
    case startControlConnectionReply(StartControlConnectionReply)
    case stopControlConnectionRequest(StopControlConnectionRequest)
    case stopControlConnectionReply(StopControlConnectionReply)
    case echoRequest(EchoRequest)
    case echoReply(EchoReply)
    case outgoingCallRequest(OutgoingCallRequest)
    case outgoingCallReply(OutgoingCallReply)
    case incomingCallRequest(IncomingCallRequest)
    case incomingCallReply(IncomingCallReply)
    case incomingCallConnected(IncomingCallConnected)
    case callClearRequest(CallClearRequest)
    case callDisconnectNotify(CallDisconnectNotify)
    case wanErrorNotify(WANErrorNotify)
    case setLinkInfo(SetLinkInfo)

    public var type: ControlMessageType {
        switch self {
        case .startControlConnectionRequest: .startControlConnectionRequest
        case .startControlConnectionReply: .startControlConnectionReply
        case .stopControlConnectionRequest: .stopControlConnectionRequest
        case .stopControlConnectionReply: .stopControlConnectionReply
        case .echoRequest: .echoRequest
        case .echoReply: .echoReply
        case .outgoingCallRequest: .outgoingCallRequest
        case .outgoingCallReply: .outgoingCallReply
        case .incomingCallRequest: .incomingCallRequest
        case .incomingCallReply: .incomingCallReply
        case .incomingCallConnected: .incomingCallConnected
        case .callClearRequest: .callClearRequest
        case .callDisconnectNotify: .callDisconnectNotify
        case .wanErrorNotify: .wanErrorNotify
        case .setLinkInfo: .setLinkInfo
        }
    }
}

/// Widths of the fixed string fields, NUL-padded on the wire.
public enum FixedStringWidth {
    /// Host Name, Vendor String, Phone Number, Dialed/Dialing Number, Subaddress.
    public static let name = 64
    /// Call Statistics of Call-Disconnect-Notify (RFC 2637 §2.13).
    public static let callStatistics = 128
}
