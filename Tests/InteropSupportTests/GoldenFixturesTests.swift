import InteropSupport
import Testing

@Suite("Golden fixtures")
struct GoldenFixturesTests {
    @Test("every control message's Length field, cookie and type match the manifest (RFC 2637 §1.4)")
    func controlMessagesAreWhole() throws {
        let messages = try GoldenFixtures.messages().filter { $0.kind == "control" }
        #expect(messages.count >= 30)
        for message in messages {
            let bytes = message.bytes
            #expect(bytes.count == message.length, "\(message)")
            #expect(Int(bytes[0]) << 8 | Int(bytes[1]) == bytes.count, "\(message): Length field")
            #expect(Array(bytes[4..<8]) == [0x1A, 0x2B, 0x3C, 0x4D], "\(message): Magic Cookie")
            #expect(Int(bytes[8]) << 8 | Int(bytes[9]) == message.typeCode, "\(message): type")
        }
    }

    @Test("GRE packets are enhanced GRE version 1 carrying PPP (RFC 2637 §4.1)")
    func grePacketsAreEnhancedGRE() throws {
        let packets = try GoldenFixtures.messages().filter { $0.kind == "gre" }
        #expect(!packets.isEmpty)
        for packet in packets {
            #expect(packet.bytes[1] & 0x07 == 1, "\(packet): version")
            #expect(Array(packet.bytes[2..<4]) == [0x88, 0x0B], "\(packet): protocol type")
        }
    }

    @Test("the capture the fixtures came from is in the repository")
    func captureIsPresent() throws {
        #expect(try GoldenFixtures.capture().checkResourceIsReachable())
    }
}
