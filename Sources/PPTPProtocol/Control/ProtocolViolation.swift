import NIOCore
import PPTPWire

/// A peer message that broke a rule of RFC 2637. The state machine answers it as the RFC says
/// (a General Error reply where one exists, otherwise silence) and reports it here so the
/// adapter logs it with its bytes and counts it; no other call is disturbed.
public struct ProtocolViolation: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// The bytes did not decode (RFC 2637 §2.16 Bad-Format / Bad-Value).
        case malformed
        /// A well-formed message the current state does not accept.
        case notAllowedInState
        /// A message naming a Call ID that no call of this connection has.
        case unknownCallID
        /// A request reusing a Call ID the peer already has in use (§3.2.2).
        case duplicateCallID
        /// A message only the other role sends (e.g. an Outgoing-Call-Request sent to a PNS).
        case wrongRole

        public var description: String {
            switch self {
            case .malformed: "malformed"
            case .notAllowedInState: "not allowed in state"
            case .unknownCallID: "unknown call ID"
            case .duplicateCallID: "duplicate call ID"
            case .wrongRole: "wrong role"
            }
        }
    }

    public var kind: Kind
    public var messageType: ControlMessageType?
    /// A sentence naming what was wrong, e.g. "Set-Link-Info for unknown call 77".
    public var detail: String
    /// The offending message as received (or as re-encoded, for a decoded one).
    public var bytes: ByteBuffer

    public init(kind: Kind, messageType: ControlMessageType?, detail: String, bytes: ByteBuffer) {
        self.kind = kind
        self.messageType = messageType
        self.detail = detail
        self.bytes = bytes
    }

    public var description: String { "\(kind): \(detail)" }
}
