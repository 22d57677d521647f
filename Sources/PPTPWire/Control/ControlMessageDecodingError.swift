/// Why bytes from a control connection could not be decoded: names the message, the field,
/// its offset from the start of the message and the value found (ARCHITECTURE rule 7).
public struct ControlMessageDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The Length field is smaller than a control message header or larger than any message.
        case lengthOutOfBounds(minimum: Int, maximum: Int)
        /// The Magic Cookie is not 0x1A2B3C4D (RFC 2637 §1.4).
        case badMagicCookie
        /// The stream ended part-way through a message of this length.
        case endOfStreamInsideMessage(expected: Int)
        /// PPTP Message Type 2: management messages are not defined (RFC 2637 §1.4).
        case managementMessage
        /// A PPTP Message Type other than 1 or 2.
        case unknownPPTPMessageType
        /// A Control Message Type outside 1–15.
        case unknownControlMessageType
        /// The Length field disagrees with the fixed length of the message type.
        case lengthMismatch(expected: Int)
        /// A field the RFC says MUST be 0 is not (RFC 2637 §2.16 Bad-Value).
        case reservedFieldNotZero
        /// A field holds a value the RFC does not define for it (RFC 2637 §2.16 Bad-Value).
        case valueOutOfRange
    }

    public var kind: Kind
    /// The message being decoded, when its type is known.
    public var messageType: ControlMessageType?
    /// The RFC's name of the offending field.
    public var field: String
    /// Octet offset of the field from the start of the message.
    public var offset: Int
    /// The value found in the field.
    public var value: UInt64

    public init(kind: Kind, messageType: ControlMessageType?, field: String, offset: Int, value: UInt64) {
        self.kind = kind
        self.messageType = messageType
        self.field = field
        self.offset = offset
        self.value = value
    }

    /// Whether the receiver can no longer trust message boundaries on the stream: RFC 2637 §1.4
    /// requires closing the TCP session then. Other errors affect one message only, which is
    /// skipped (its length is known) and answered where a reply exists.
    public var losesSynchronization: Bool {
        switch kind {
        case .lengthOutOfBounds, .badMagicCookie, .endOfStreamInsideMessage: true
        default: false
        }
    }

    /// The General Error Code (RFC 2637 §2.16) that describes this error in a reply.
    public var generalErrorCode: GeneralErrorCode {
        switch kind {
        case .lengthOutOfBounds, .badMagicCookie, .lengthMismatch, .endOfStreamInsideMessage: .badFormat
        case .managementMessage, .unknownPPTPMessageType, .unknownControlMessageType,
            .reservedFieldNotZero, .valueOutOfRange:
            .badValue
        }
    }

    public var description: String {
        let subject = messageType.map { "\($0)" } ?? "control message"
        let at = "\(field) at offset \(offset)"
        switch kind {
        case .lengthOutOfBounds(let minimum, let maximum):
            return "\(subject): length \(value) outside \(minimum)...\(maximum)"
        case .badMagicCookie:
            return "\(subject): \(at) is 0x\(hex(value, 8)), expected 0x1A2B3C4D"
        case .endOfStreamInsideMessage(let expected):
            return "\(subject): connection closed after \(value) of \(expected) octets"
        case .managementMessage:
            return "\(subject): \(at) is 2 (management), which RFC 2637 does not define"
        case .unknownPPTPMessageType:
            return "\(subject): \(at) is \(value), expected 1 (control)"
        case .unknownControlMessageType:
            return "\(subject): \(at) is \(value), not a type RFC 2637 defines (1–15)"
        case .lengthMismatch(let expected):
            return "\(subject): length \(value), expected \(expected)"
        case .reservedFieldNotZero:
            return "\(subject): \(at) is 0x\(hex(value, 1)), must be 0"
        case .valueOutOfRange:
            return "\(subject): \(at) is \(value), not a value RFC 2637 defines for it"
        }
    }
}

private func hex(_ value: UInt64, _ width: Int) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
