import NIOCore

/// Reads the fields of one complete control message in order, checking reserved fields and
/// enumerated values as it goes, and naming field and offset in every error.
///
/// The caller has already checked that the buffer holds exactly the message type's fixed
/// length, so every read is in bounds; the reads still fail safely rather than trap.
struct FieldReader {
    private var buffer: ByteBuffer
    private let start: Int
    let messageType: ControlMessageType
    let strictness: ControlMessageParser.Strictness

    init(message: ByteBuffer, type: ControlMessageType, strictness: ControlMessageParser.Strictness) {
        self.buffer = message
        self.start = message.readerIndex
        self.messageType = type
        self.strictness = strictness
    }

    private var offset: Int { buffer.readerIndex - start }

    private func error(_ kind: ControlMessageDecodingError.Kind, _ field: String, at offset: Int, _ value: UInt64)
        -> ControlMessageDecodingError
    {
        ControlMessageDecodingError(kind: kind, messageType: messageType, field: field, offset: offset, value: value)
    }

    mutating func integer<T: FixedWidthInteger>(_ field: String, as: T.Type = T.self)
        throws(ControlMessageDecodingError) -> T
    {
        let at = offset
        guard let value = buffer.readInteger(as: T.self) else {
            throw error(.lengthMismatch(expected: messageType.length), field, at: at, UInt64(buffer.capacity))
        }
        return value
    }

    /// A field the RFC says MUST be 0; Bad-Value when it is not, in strict mode (RFC 2637 §2.16).
    mutating func reserved<T: FixedWidthInteger>(_ field: String, as: T.Type) throws(ControlMessageDecodingError) {
        let at = offset
        let value: T = try integer(field)
        if value != 0, strictness == .strict {
            throw error(.reservedFieldNotZero, field, at: at, UInt64(value))
        }
    }

    /// An enumerated field; in strict mode only the values in `allowed` are accepted.
    mutating func code<C: PPTPCode>(_ field: String, allowed: ClosedRange<C.RawValue>? = nil)
        throws(ControlMessageDecodingError) -> C
    {
        let at = offset
        let raw: C.RawValue = try integer(field)
        let code = C(rawValue: raw)!
        if strictness == .strict {
            let defined = allowed.map { $0.contains(raw) } ?? code.isDefined
            if !defined { throw error(.valueOutOfRange, field, at: at, UInt64(raw)) }
        }
        return code
    }

    /// A length field that may not exceed the width of the string field it describes.
    mutating func stringLength(_ field: String, maximum: Int) throws(ControlMessageDecodingError) -> UInt16 {
        let at = offset
        let value: UInt16 = try integer(field)
        if Int(value) > maximum, strictness == .strict {
            throw error(.valueOutOfRange, field, at: at, UInt64(value))
        }
        return value
    }

    /// A fixed-width ASCII field, NUL-padded: the text is everything before the first NUL.
    mutating func string(_ field: String, width: Int) throws(ControlMessageDecodingError) -> String {
        let at = offset
        guard let bytes = buffer.readSlice(length: width) else {
            throw error(.lengthMismatch(expected: messageType.length), field, at: at, UInt64(buffer.capacity))
        }
        let view = bytes.readableBytesView
        let end = view.firstIndex(of: 0) ?? view.endIndex
        return String(decoding: view[view.startIndex..<end], as: UTF8.self)
    }
}
