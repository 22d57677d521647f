import HDLC
import NIOCore

/// Receives a line's events and frames. Called on the line's event loop, in order.
public protocol LineDelegate: AnyObject {
    func line(_ line: any Line, didReport event: LineEvent)
    /// A PPP frame arrived, HDLC framing and FCS already removed. The frame is the delegate's:
    /// the line keeps no reference to it, and leaves `ByteBuffer.lineFrameHeadroom` octets
    /// free in front of it, so that it can go on in place.
    func line(_ line: any Line, didReceive frame: consuming ByteBuffer)
}

/// Where a line's call stands.
public enum LineCallState: Sendable, Hashable {
    case idle
    /// We dialed; the network is setting up the call or the far end is ringing.
    case dialing(DialRequest)
    /// A call is ringing on the line, waiting for `answer()` or `reject(cause:)`.
    case ringing(IncomingCall)
    /// Answered or picked up by the far end; modems are training up.
    case connecting
    case connected(transmitSpeed: Int, receiveSpeed: Int)
    /// The driver cannot place or take calls.
    case failed
}

/// A request the line's state does not allow; the engine's bug or a race with the far end.
public enum LineError: Error, Sendable, Hashable, CustomStringConvertible {
    case notIdle(LineID, LineCallState)
    case notRinging(LineID, LineCallState)
    case bearerNotSupported(LineID, requested: Bearer, supported: Bearer)
    case hardwareFailed(LineID)

    public var description: String {
        switch self {
        case .notIdle(let id, let state): "\(id) cannot place a call: it is \(state)"
        case .notRinging(let id, let state): "\(id) has no ringing call to answer or reject: it is \(state)"
        case .bearerNotSupported(let id, let requested, let supported):
            "\(id) cannot carry a \(requested) call: it is a \(supported) line"
        case .hardwareFailed(let id): "\(id) is out of service: its hardware failed"
        }
    }
}

/// One telephone line as the engine sees it: a modem, a B-channel, or something new.
///
/// A line lives on one event loop: call every member there, and events and frames come back
/// there through `delegate`. Lines are not `Sendable`; hop to `eventLoop` to use one.
public protocol Line: AnyObject {
    var id: LineID { get }
    var capabilities: LineCapabilities { get }
    var eventLoop: any EventLoop { get }
    var delegate: (any LineDelegate)? { get set }
    var callState: LineCallState { get }

    /// Places a call; the outcome arrives as `.alerting`, `.connected` or `.cleared`.
    func dial(_ request: DialRequest) throws(LineError)
    /// Answers the ringing call; `.connected` follows once the line is up.
    func answer() throws(LineError)
    /// Refuses the ringing call with a cause the caller's network will see.
    func reject(cause: Q931Cause) throws(LineError)
    /// Ends the call or the attempt in progress; does nothing on an idle line.
    func hangUp(cause: Q931Cause)

    /// Sends one PPP frame (without HDLC framing or FCS); dropped unless connected.
    func send(frame: ByteBuffer)

    /// The async control-character maps the line's framer applies now (RFC 1662 §7.1); each
    /// call starts with `ACCM.default`. Sync lines map no characters and report the default.
    var accm: ACCM { get }
    /// Applies PPTP Set-Link-Info's ACCM (RFC 2637 §2.15) to the framer, mid-call too.
    func setACCM(_ accm: ACCM)

    /// Counters since the current call was established.
    var statistics: LineStatistics { get }
}
