import NIOCore
import Testing
@testable import PPTPWire

@Suite("RFC 2637 §2 control message encoding")
struct ControlMessageCodecTests {
    @Test("§2.5 Echo-Request is laid out as the RFC draws it")
    func echoRequestBytes() {
        let bytes = ControlMessage.echoRequest(EchoRequest(identifier: 0xDEAD_BEEF)).encoded
        #expect(Hex.string(bytes) == "0010" + "0001" + "1a2b3c4d" + "0005" + "0000" + "deadbeef")
    }

    @Test("§2.1–§2.15 every message type encodes to its fixed length", arguments: ControlMessageType.allCases)
    func fixedLengths(type: ControlMessageType) {
        var generator = MessageGenerator(seed: UInt64(type.rawValue))
        let bytes = generator.message(of: type).encoded
        #expect(bytes.count == type.length)
        #expect(bytes[0] == UInt8(type.length >> 8) && bytes[1] == UInt8(type.length & 0xFF))
        #expect(bytes[8...9] == [0, UInt8(type.rawValue)])
    }

    @Test("§2.7 Outgoing-Call-Request fields sit at the RFC's offsets")
    func outgoingCallRequestOffsets() {
        let request = OutgoingCallRequest(
            callID: 0x0102, callSerialNumber: 0x0304, minimumBPS: 2400, maximumBPS: 56000,
            bearerType: .any, framingType: .asynchronous, packetReceiveWindowSize: 64,
            packetProcessingDelay: 3, phoneNumber: "5550100", subaddress: "7")
        let bytes = ControlMessage.outgoingCallRequest(request).encoded
        #expect(bytes[12...15] == [0x01, 0x02, 0x03, 0x04])
        #expect(bytes[16...19] == [0, 0, 0x09, 0x60])
        #expect(bytes[20...23] == [0, 0, 0xDA, 0xC0])
        #expect(bytes[24...27] == [0, 0, 0, 3])
        #expect(bytes[28...31] == [0, 0, 0, 1])
        #expect(bytes[32...35] == [0, 64, 0, 3])
        #expect(bytes[36...37] == [0, 7], "Phone Number Length counts the digits")
        #expect(bytes[38...39] == [0, 0], "Reserved1")
        #expect(Array(bytes[40..<47]) == Array("5550100".utf8))
        #expect(bytes[47..<104].allSatisfy { $0 == 0 }, "phone number NUL-padded to 64 octets")
        #expect(bytes[104] == UInt8(ascii: "7"))
        #expect(bytes[105..<168].allSatisfy { $0 == 0 })
    }

    @Test("§2.1 string fields are cut to 64 octets and NUL-padded")
    func longStringsAreCut() throws {
        let long = String(repeating: "h", count: 70)
        let request = StartControlConnectionRequest(
            framingCapabilities: .asynchronous, bearerCapabilities: .analog, maximumChannels: 0,
            firmwareRevision: 1, hostName: long, vendorName: "v")
        let decoded = try ControlMessage.decode(ControlMessage.startControlConnectionRequest(request).encoded)
        guard case .startControlConnectionRequest(let back) = decoded else {
            Issue.record("decoded \(decoded.type)")
            return
        }
        #expect(back.hostName == String(repeating: "h", count: 64))
        #expect(back.vendorName == "v")
    }

    @Test("§2.7 octets past Phone Number Length are padding, not digits")
    func phoneNumberLengthBoundsTheNumber() throws {
        var bytes = ControlMessage.outgoingCallRequest(
            OutgoingCallRequest(
                callID: 1, callSerialNumber: 1, minimumBPS: 0, maximumBPS: 0, bearerType: .analog,
                framingType: .asynchronous, packetReceiveWindowSize: 1, packetProcessingDelay: 0,
                phoneNumber: "5550100")
        ).encoded
        bytes[37] = 3  // Phone Number Length
        guard case .outgoingCallRequest(let request) = try ControlMessage.decode(bytes) else {
            Issue.record("not an Outgoing-Call-Request")
            return
        }
        #expect(request.phoneNumber == "555")
    }

    @Test("§2.1–§2.15 decode(encode(m)) == m for generated messages of every type", arguments: ControlMessageType.allCases)
    func roundTrip(type: ControlMessageType) throws {
        var generator = MessageGenerator(seed: 0xC0FFEE &+ UInt64(type.rawValue))
        for _ in 0..<300 {
            let message = generator.message(of: type)
            let bytes = message.encoded
            let decoded = try ControlMessage.decode(bytes)
            #expect(decoded == message)
            #expect(decoded.encoded == bytes)
        }
    }

    @Test("§2.16 code descriptions name the RFC's meaning or say undefined")
    func codeDescriptions() {
        #expect(OutgoingCallResult.busy.description == "4 (Busy)")
        #expect(GeneralErrorCode.badCallID.description == "5 (Bad-Call ID)")
        #expect(OutgoingCallResult(rawValue: 9).description == "9 (undefined)")
        #expect(FramingCapabilities(rawValue: 0x13).description == "async+sync+0x10")
        #expect(BearerCapabilities(rawValue: 0).description == "none")
    }
}
