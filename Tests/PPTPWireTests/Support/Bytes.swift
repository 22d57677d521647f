import NIOCore
@testable import PPTPWire

/// Hex helpers: fixtures and expected vectors are written as hex text.
enum Hex {
    static func bytes(_ text: String) -> [UInt8] {
        let digits = text.filter(\.isHexDigit)
        precondition(digits.count % 2 == 0, "odd number of hex digits")
        var result: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            result.append(UInt8(digits[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    static func string(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

extension ControlMessage {
    var encoded: [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeControlMessage(self)
        return Array(buffer.readableBytesView)
    }

    static func decode(_ bytes: [UInt8], strictness: ControlMessageParser.Strictness = .strict)
        throws(ControlMessageDecodingError) -> ControlMessage
    {
        try ControlMessageParser.parse(ByteBuffer(bytes: bytes), strictness: strictness)
    }
}
