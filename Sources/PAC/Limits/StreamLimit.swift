import NIOCore

/// A per-connection limit a PNS's byte stream broke; the guard closes the connection after
/// telling the pipeline (as a user inbound event) so the engine can log and count it.
public enum StreamLimit: Sendable, Hashable, CustomStringConvertible {
    /// No complete control message within `limits.first-message-timeout` of the accept.
    case noFirstMessage(after: TimeAmount)
    /// A message still incomplete `limits.message-completion-timeout` after its first octet.
    case incompleteMessage(bufferedOctets: Int, after: TimeAmount)
    /// More messages than `limits.messages-per-second` / `limits.message-burst` allow.
    case messageFlood(perSecond: Int, burst: Int)

    public var description: String {
        switch self {
        case .noFirstMessage(let after):
            "no complete control message within \(Self.seconds(after)) of the TCP accept (limits.first-message-timeout)"
        case .incompleteMessage(let octets, let after):
            "a message still incomplete \(Self.seconds(after)) after its first octet, \(octets) octets buffered (limits.message-completion-timeout)"
        case .messageFlood(let perSecond, let burst):
            "more than \(burst) messages at once or \(perSecond) a second (limits.message-burst, limits.messages-per-second)"
        }
    }

    static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
