import NIOCore
import Testing
@testable import PPTPWire

@Suite("RFC 2637 §4.1 enhanced GRE header")
struct GRECodecTests {
    private func packet(_ hex: String) throws(GREDecodingError) -> GREPacket {
        var buffer = ByteBuffer(bytes: Hex.bytes(hex))
        return try buffer.readGREPacket()
    }

    private func decodeError(_ hex: String) -> GREDecodingError? {
        do {
            _ = try packet(hex)
            return nil
        } catch {
            return error
        }
    }

    @Test("§4.1 a data packet with piggy-backed acknowledgment: K, S, A set, version 1, 0x880B")
    func dataWithAcknowledgment() throws {
        let header = GREHeader(payloadLength: 3, callID: 0x1234, sequenceNumber: 1, acknowledgmentNumber: 0xFFFF_FFFF)
        var buffer = ByteBuffer()
        buffer.writeGREHeader(header)
        buffer.writeBytes([0xFF, 0x03, 0xC0])
        #expect(Hex.string(buffer.readableBytesView) == "3081880b00031234" + "00000001" + "ffffffff" + "ff03c0")
        let decoded = try buffer.readGREPacket()
        #expect(decoded.header == header)
        #expect(Array(decoded.payload.readableBytesView) == [0xFF, 0x03, 0xC0])
        #expect(header.encodedLength == 16)
    }

    @Test("§4.1 a header set in front of a payload already in the buffer is the header written before it; no index moves")
    func headerSetInFront() throws {
        let header = GREHeader(payloadLength: 3, callID: 0x1234, sequenceNumber: 1, acknowledgmentNumber: nil)
        var buffer = ByteBuffer(bytes: [UInt8](repeating: 0, count: 12) + [0xFF, 0x03, 0xC0])
        buffer.moveReaderIndex(forwardBy: 12)
        #expect(buffer.setGREHeader(header, at: 0) == 12)
        #expect(buffer.readerIndex == 12)
        #expect(buffer.writerIndex == 15)
        buffer.moveReaderIndex(to: 0)
        #expect(Hex.string(buffer.readableBytesView) == "3001880b00031234" + "00000001" + "ff03c0")
    }

    @Test("§4.1 an acknowledgment-only packet has S clear, A set and no payload")
    func acknowledgmentOnly() throws {
        let header = GREHeader.acknowledgmentOnly(callID: 9, acknowledgmentNumber: 41)
        var buffer = ByteBuffer()
        buffer.writeGREHeader(header)
        #expect(Hex.string(buffer.readableBytesView) == "2081880b00000009" + "00000029")
        #expect(try buffer.readGREPacket() == GREPacket(header: header, payload: ByteBuffer()))
    }

    @Test("§4.1 a data packet without acknowledgment has only S set")
    func dataOnly() throws {
        let decoded = try packet("3001880b0001000700000000" + "7e")
        #expect(decoded.header == GREHeader(payloadLength: 1, callID: 7, sequenceNumber: 0, acknowledgmentNumber: nil))
    }

    @Test("§4.1 octets after the payload (link padding) are ignored")
    func trailingPadding() throws {
        let decoded = try packet("3001880b000100070000000a" + "21" + "000000")
        #expect(Array(decoded.payload.readableBytesView) == [0x21])
    }

    @Test("§4.1 malformed headers are rejected naming field, offset and value", arguments: [
        ("300188", "GRE: packet of 3 octets, header needs 8"),
        ("3001880b", "GRE: packet of 4 octets, header needs 12"),
        ("3081880b000000070000", "GRE: packet of 10 octets, header needs 16"),
        ("b001880b0000000700000000", "GRE: C (checksum present) at offset 0 is set (flags 0xb001); PPTP requires it clear"),
        ("7001880b0000000700000000", "GRE: R (routing present) at offset 0 is set (flags 0x7001); PPTP requires it clear"),
        ("3801880b0000000700000000", "GRE: s (strict source route) at offset 0 is set (flags 0x3801); PPTP requires it clear"),
        ("3201880b0000000700000000", "GRE: Recur at offset 0 is set (flags 0x3201); PPTP requires it clear"),
        ("3009880b0000000700000000", "GRE: Flags at offset 0 is set (flags 0x3009); PPTP requires it clear"),
        ("1001880b0000000700000000", "GRE: K (key present) at offset 0 is clear (flags 0x1001); PPTP requires the key"),
        ("3000880b0000000700000000", "GRE: Ver at offset 1 is 0, expected 1 (enhanced GRE)"),
        ("3002880b0000000700000000", "GRE: Ver at offset 1 is 2, expected 1 (enhanced GRE)"),
        ("300108000000000700000000", "GRE: Protocol Type at offset 2 is 0x800, expected 0x880B (PPP)"),
        ("3001880b0005000700000000ff03", "GRE: Payload Length at offset 4 is 5, but only 2 octets follow the header"),
        ("2001880b00020007ff03", "GRE: Payload Length at offset 4 is 2 with the S bit clear; a payload needs a sequence number"),
    ])
    func rejected(hex: String, message: String) throws {
        let error = try #require(decodeError(hex))
        #expect(error.description == message)
    }

    @Test("§4.1 a rejected packet consumes nothing")
    func rejectionConsumesNothing() {
        var buffer = ByteBuffer(bytes: Hex.bytes("3000880b0000000700000000"))
        #expect(throws: GREDecodingError.self) { try buffer.readGREPacket() }
        #expect(buffer.readableBytes == 12)
    }

    @Test("§4.1 random and mutated bytes never trap the GRE parser")
    func randomBytesNeverTrap() {
        var rng = SeededGenerator(seed: 47)
        for round in 0..<50_000 {
            var bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if round % 2 == 0, bytes.count >= 4 {
                bytes[0] = [0x30, 0x20, 0x10][round % 3]
                bytes[1] = [0x81, 0x01][round % 2 == 0 ? 0 : 1]
                bytes[2] = 0x88
                bytes[3] = 0x0B
            }
            var buffer = ByteBuffer(bytes: bytes)
            if let packet = try? buffer.readGREPacket() {
                #expect(packet.payload.readableBytes == Int(packet.header.payloadLength))
            }
        }
    }
}
