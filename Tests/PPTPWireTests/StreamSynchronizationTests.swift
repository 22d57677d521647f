import NIOCore
import Testing
@testable import PPTPWire

@Suite("RFC 2637 §1.4 losing synchronization early")
struct StreamSynchronizationTests {
    @Test("§1.4 an impossible Length is rejected as soon as its two octets arrive", arguments: [0, 3, 11, 1025, 65535])
    func impossibleLengthFromTwoOctets(length: Int) {
        let buffer = ByteBuffer(bytes: [UInt8(length >> 8), UInt8(length & 0xFF)])
        #expect(throws: ControlMessageDecodingError.self) { try ControlMessageParser.messageLength(in: buffer) }
    }

    @Test("§1.4 a possible Length waits for the Magic Cookie before the stream is judged")
    func possibleLengthWaits() throws {
        let buffer = ByteBuffer(bytes: [0x00, 0x10, 0x00, 0x01, 0x1A])
        #expect(try ControlMessageParser.messageLength(in: buffer) == nil)
        let badCookie = ByteBuffer(bytes: [0x00, 0x10, 0x00, 0x01, 0x1A, 0x2B, 0x3C, 0x4E])
        #expect(throws: ControlMessageDecodingError.self) { try ControlMessageParser.messageLength(in: badCookie) }
    }
}
