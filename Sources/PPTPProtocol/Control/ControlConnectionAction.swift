import PPTPWire

/// What the control-connection state machine asks its adapter to do. The adapter performs
/// actions in order; the state machine has already moved to its next state.
public enum ControlConnectionAction: Hashable, Sendable {
    /// Write this message on the TCP connection.
    case send(ControlMessage)
    /// Close the TCP connection (after flushing what was sent before).
    case close(ControlConnectionCloseReason)
    /// Something the engine must act on.
    case event(ControlConnectionEvent)
    /// A peer message that broke a rule: log it with its bytes and count it. Any reply the
    /// RFC prescribes is a separate `.send` action.
    case violation(ProtocolViolation)
}

/// Why a control connection ends.
public enum ControlConnectionCloseReason: Hashable, Sendable, CustomStringConvertible {
    /// Stop-Control-Connection-Request/-Reply exchanged (RFC 2637 §3.1.1, §3.1.2).
    case stopped(StopControlConnectionReason)
    /// No Start-Control-Connection-Request/-Reply within the set-up time (§3.1.4 (1)).
    case setupTimedOut
    /// No Echo-Reply within the keep-alive time (§3.1.4 (2)).
    case keepAliveTimedOut
    /// No Stop-Control-Connection-Reply in time (§3).
    case stopReplyTimedOut
    /// A call transition stalled (§3.2.1).
    case callTransitionTimedOut(callID: UInt16)
    /// The peer's protocol version is not supported (§3.1.1, §3.1.2).
    case unsupportedVersion(UInt16)
    /// The peer's Start-Control-Connection-Reply refused the connection.
    case refusedByPeer(StartControlConnectionResult, GeneralErrorCode)
    /// We refused the peer's request (not authorized, already connected, …).
    case refusedPeer(StartControlConnectionResult)
    /// §3.1.3: we lost a collision and close the connection we opened.
    case collisionLost
    /// The byte stream lost synchronization (§1.4).
    case malformedStream(ControlMessageDecodingError)
    /// The TCP connection went away underneath us.
    case transportClosed

    public var description: String {
        switch self {
        case .stopped(let reason): "stopped (reason \(reason))"
        case .setupTimedOut: "no Start-Control-Connection exchange within the set-up time (RFC 2637 §3.1.4)"
        case .keepAliveTimedOut: "no Echo-Reply within the keep-alive time (RFC 2637 §3.1.4)"
        case .stopReplyTimedOut: "no Stop-Control-Connection-Reply in time (RFC 2637 §3)"
        case .callTransitionTimedOut(let callID): "call \(callID) stalled in a transition (RFC 2637 §3.2.1)"
        case .unsupportedVersion(let version): "peer protocol version 0x\(String(version, radix: 16)) not supported"
        case .refusedByPeer(let result, let error): "peer refused the connection: result \(result), error \(error)"
        case .refusedPeer(let result): "refused the peer: \(result)"
        case .collisionLost: "lost the Start-Control-Connection collision (RFC 2637 §3.1.3)"
        case .malformedStream(let error): "stream out of sync: \(error)"
        case .transportClosed: "TCP connection closed"
        }
    }
}

/// The peer as its Start-Control-Connection message describes it.
public struct PeerIdentity: Hashable, Sendable {
    public var protocolVersion: UInt16
    public var hostName: String
    public var vendorName: String
    public var firmwareRevision: UInt16
    public var framingCapabilities: FramingCapabilities
    public var bearerCapabilities: BearerCapabilities
    public var maximumChannels: UInt16
}

/// Why a call left the call table; every call ends with exactly one `.callReleased`.
public enum CallReleaseReason: Hashable, Sendable {
    /// Call-Disconnect-Notify sent (PAC) or received (PNS).
    case disconnected(CallDisconnectResult)
    /// The call never came up: an Outgoing-Call-Reply or Incoming-Call-Reply said no.
    case notEstablished
    /// The control connection closed or stopped (RFC 2637 §2.3: calls are implicitly cleared).
    case controlConnectionClosed
}

/// Events for the engine. PAC-role events ask it to act on a line; PNS-role events report
/// what the PAC did.
public enum ControlConnectionEvent: Hashable, Sendable {
    /// Receiver: a valid Start-Control-Connection-Request arrived; answer with
    /// `admit(_:now:)` before anything else (allow-list, one connection per peer, §3.1.3).
    case admissionRequested(StartControlConnectionRequest)
    /// Start-Control-Connection-Request/-Reply exchanged.
    case established(PeerIdentity)
    /// The peer's Echo-Reply arrived.
    case echoReplyReceived(EchoReply)

    // MARK: PAC role
    /// Place this call (RFC 2637 §3.2.4.1); then `outgoingCallConnected` or `outgoingCallFailed`.
    case outgoingCallRequested(callID: UInt16, OutgoingCallRequest)
    /// The PNS accepted our Incoming-Call-Request: answer the line, then `incomingCallAnswered`.
    case incomingCallAccepted(callID: UInt16, IncomingCallReply)
    /// Call-Clear-Request: hang the line up, then `callDisconnected(…, result: .request)`.
    case callClearRequested(callID: UInt16)
    /// Set-Link-Info: apply the ACCMs to the call's framer now (RFC 2637 §2.15).
    case linkInfoReceived(callID: UInt16, SetLinkInfo)

    // MARK: PNS role
    case outgoingCallReplied(callID: UInt16, OutgoingCallReply)
    /// The PAC offers an incoming call: answer with `answerIncomingCall`.
    case incomingCallOffered(callID: UInt16, IncomingCallRequest)
    case incomingCallConnected(callID: UInt16, IncomingCallConnected)
    case callDisconnectNotified(callID: UInt16, CallDisconnectNotify)
    case wanErrorNotified(callID: UInt16, WANErrorNotify)

    /// The call is gone from the protocol: free its line and its Call ID.
    case callReleased(callID: UInt16, CallReleaseReason)
}
