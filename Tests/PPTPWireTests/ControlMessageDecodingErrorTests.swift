import NIOCore
import Testing
@testable import PPTPWire

@Suite("RFC 2637 §1.4, §2.16 rejecting bad control messages")
struct ControlMessageDecodingErrorTests {
    static let request = ControlMessage.outgoingCallRequest(
        OutgoingCallRequest(
            callID: 7, callSerialNumber: 9, minimumBPS: 300, maximumBPS: 64000, bearerType: .analog,
            framingType: .asynchronous, packetReceiveWindowSize: 16, packetProcessingDelay: 0, phoneNumber: "5550100"))

    private func decodeError(_ bytes: [UInt8]) -> ControlMessageDecodingError? {
        do {
            _ = try ControlMessage.decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    private func lengthError(_ bytes: [UInt8]) -> ControlMessageDecodingError? {
        do {
            _ = try ControlMessageParser.messageLength(in: ByteBuffer(bytes: bytes))
            return nil
        } catch {
            return error
        }
    }

    @Test("§2.7 a length that disagrees with the message type is Bad-Format, naming both")
    func lengthMismatch() throws {
        var bytes = Array(Self.request.encoded.prefix(100))
        bytes[0] = 0
        bytes[1] = 100
        let error = try #require(decodeError(bytes))
        #expect(error.description == "Outgoing-Call-Request: length 100, expected 168")
        #expect(error.generalErrorCode == .badFormat)
        #expect(!error.losesSynchronization, "the Length is plausible, so the message can be skipped")
    }

    @Test("§1.4 a wrong magic cookie loses synchronization")
    func badCookie() throws {
        var bytes = Self.request.encoded
        bytes[4] = 0xFF
        let error = try #require(lengthError(bytes))
        #expect(error.kind == .badMagicCookie)
        #expect(error.losesSynchronization)
        #expect(error.offset == 4)
        #expect(error.description == "Outgoing-Call-Request: Magic Cookie at offset 4 is 0xFF2B3C4D, expected 0x1A2B3C4D")
    }

    @Test("§1.4 a Length shorter than the control header or beyond any message loses synchronization",
          arguments: [0, 1, 8, 11, 1025, 65535])
    func lengthOutOfBounds(length: Int) throws {
        var bytes = Self.request.encoded
        bytes[0] = UInt8(length >> 8)
        bytes[1] = UInt8(length & 0xFF)
        let error = try #require(lengthError(bytes))
        #expect(error.kind == .lengthOutOfBounds(minimum: 12, maximum: 1024))
        #expect(error.losesSynchronization)
        #expect(error.description.contains("length \(length) outside 12...1024"))
    }

    @Test("§1.4 management messages (PPTP message type 2) are rejected as undefined")
    func managementMessage() throws {
        var bytes = Self.request.encoded
        bytes[3] = 2
        let error = try #require(decodeError(bytes))
        #expect(error.kind == .managementMessage)
        #expect(error.field == "PPTP Message Type" && error.offset == 2)
    }

    @Test("§1.4 PPTP message types other than 1 and 2 are rejected")
    func unknownPPTPMessageType() throws {
        var bytes = Self.request.encoded
        bytes[3] = 7
        let error = try #require(decodeError(bytes))
        #expect(error.kind == .unknownPPTPMessageType && error.value == 7)
    }

    @Test("§1.4 control message types outside 1–15 are rejected, naming the type", arguments: [0, 16, 255])
    func unknownControlMessageType(type: UInt8) throws {
        var bytes = ControlMessage.echoRequest(EchoRequest(identifier: 1)).encoded
        bytes[9] = type
        let error = try #require(decodeError(bytes))
        #expect(error.kind == .unknownControlMessageType)
        #expect(error.description == "control message: Control Message Type at offset 8 is \(type), not a type RFC 2637 defines (1–15)")
    }

    /// Every reserved field of every message: (type, offset, width, RFC field name).
    static let reservedFields: [(ControlMessageType, Int, Int, String)] =
        ControlMessageType.allCases.map { ($0, 10, 2, "Reserved0") } + [
            (.startControlConnectionRequest, 14, 2, "Reserved1"),
            (.stopControlConnectionRequest, 13, 1, "Reserved1"),
            (.stopControlConnectionRequest, 14, 2, "Reserved2"),
            (.stopControlConnectionReply, 14, 2, "Reserved1"),
            (.echoReply, 18, 2, "Reserved1"),
            (.outgoingCallRequest, 38, 2, "Reserved1"),
            (.incomingCallReply, 22, 2, "Reserved1"),
            (.incomingCallConnected, 14, 2, "Reserved1"),
            (.callClearRequest, 14, 2, "Reserved1"),
            (.callDisconnectNotify, 18, 2, "Reserved1"),
            (.wanErrorNotify, 14, 2, "Reserved1"),
            (.setLinkInfo, 14, 2, "Reserved1"),
        ]

    @Test("§2.16 a non-zero reserved field is Bad-Value in strict mode and accepted in lenient mode")
    func reservedFields() throws {
        for (type, offset, width, name) in Self.reservedFields {
            var generator = MessageGenerator(seed: 42)
            let message = generator.message(of: type)
            var bytes = message.encoded
            bytes[offset + width - 1] = 0x5A
            let error = try #require(decodeError(bytes), "\(type) \(name)")
            #expect(error.kind == .reservedFieldNotZero, "\(type) \(name)")
            #expect(error.field == name && error.offset == offset, "\(type): got \(error.field) at \(error.offset)")
            #expect(error.generalErrorCode == .badValue)
            #expect(error.description == "\(type): \(name) at offset \(offset) is 0x5A, must be 0")
            #expect(try ControlMessage.decode(bytes, strictness: .lenient) == message)
        }
    }

    /// Enumerated fields with a value the RFC does not define: (message, offset, width, value, field).
    static let undefinedValues: [(ControlMessageType, Int, Int, UInt32, String)] = [
        (.startControlConnectionReply, 14, 1, 6, "Result Code"),
        (.startControlConnectionReply, 15, 1, 7, "Error Code"),
        (.stopControlConnectionRequest, 12, 1, 4, "Reason"),
        (.stopControlConnectionRequest, 12, 1, 0, "Reason"),
        (.stopControlConnectionReply, 12, 1, 3, "Result Code"),
        (.echoReply, 16, 1, 0, "Result Code"),
        (.outgoingCallRequest, 24, 4, 4, "Bearer Type"),
        (.outgoingCallRequest, 28, 4, 0, "Framing Type"),
        (.outgoingCallRequest, 36, 2, 65, "Phone Number Length"),
        (.outgoingCallRequest, 36, 2, 0xFFFF, "Phone Number Length"),
        (.outgoingCallReply, 16, 1, 8, "Result Code"),
        (.incomingCallRequest, 16, 4, 3, "Call Bearer Type"),
        (.incomingCallRequest, 24, 2, 200, "Dialed Number Length"),
        (.incomingCallRequest, 26, 2, 65, "Dialing Number Length"),
        (.incomingCallReply, 16, 1, 4, "Result Code"),
        (.incomingCallConnected, 24, 4, 3, "Framing Type"),
        (.callDisconnectNotify, 14, 1, 5, "Result Code"),
    ]

    @Test("§2.16 a field value the RFC does not define is Bad-Value, naming field, offset and value")
    func undefinedValues() throws {
        for (type, offset, width, value, name) in Self.undefinedValues {
            var generator = MessageGenerator(seed: 7)
            var bytes = generator.message(of: type).encoded
            for i in 0..<width { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - i))) }
            let error = try #require(decodeError(bytes), "\(type) \(name) = \(value)")
            #expect(error.kind == .valueOutOfRange, "\(type) \(name)")
            #expect(error.field == name && error.offset == offset && error.value == UInt64(value), "\(error)")
            #expect(error.generalErrorCode == .badValue)
            #expect(throws: Never.self) { try ControlMessage.decode(bytes, strictness: .lenient) }
        }
    }

    @Test("§1.4 random bytes never trap the stream decoder")
    func randomBytesNeverTrap() {
        var rng = SeededGenerator(seed: 1)
        let decoder = ControlMessageDecoder()
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...300, using: &rng)
            var buffer = ByteBuffer(bytes: (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
            // Give half the cases a valid header so the decoder reaches the field parsers.
            if Bool.random(using: &rng), count >= 12 {
                let type = ControlMessageType.allCases.randomElement(using: &rng)!
                buffer.setInteger(UInt16(min(count, type.length)), at: 0)
                buffer.setInteger(UInt16(1), at: 2)
                buffer.setInteger(PPTPHeader.magicCookie, at: 4)
                buffer.setInteger(type.rawValue, at: 8)
            }
            while let _ = try? decoder.next(from: &buffer) {}
        }
    }

    @Test("§2 mutated valid messages never trap and stay in sync when the header is intact")
    func mutatedMessagesNeverTrap() throws {
        var rng = SeededGenerator(seed: 2)
        var generator = MessageGenerator(seed: 3)
        let decoder = ControlMessageDecoder()
        for _ in 0..<20_000 {
            let type = ControlMessageType.allCases.randomElement(using: &rng)!
            var bytes = generator.message(of: type).encoded
            let index = Int.random(in: 12..<bytes.count, using: &rng)
            bytes[index] ^= UInt8.random(in: 1...255, using: &rng)
            var buffer = ByteBuffer(bytes: bytes + ControlMessage.echoRequest(EchoRequest(identifier: 9)).encoded)
            _ = try decoder.next(from: &buffer)
            #expect(try decoder.next(from: &buffer) == .message(.echoRequest(EchoRequest(identifier: 9))))
        }
    }
}
