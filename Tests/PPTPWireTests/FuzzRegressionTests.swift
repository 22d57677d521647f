import Foundation
import NIOCore
import Testing
@testable import PPTPWire

/// Inputs the fuzzers found (Fixtures/fuzz/control-stream; docs/reliability.md "Fuzzing").
@Suite("Fuzzer findings: control-message stream")
struct FuzzRegressionTests {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz/control-stream")

    /// The fuzz target's input: one octet saying where TCP cuts, then the stream.
    private func stream(_ name: String) throws -> ByteBuffer {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        return ByteBuffer(bytes: data.dropFirst())
    }

    @Test("§2.2 a Vendor String of non-ASCII octets decodes to U+FFFD and serializes to a message that parses, other fields kept")
    func nonASCIIVendorString() throws {
        var buffer = try stream("non-ascii-vendor-string")
        guard case .message(.startControlConnectionRequest(let request))? = try ControlMessageDecoder().next(from: &buffer) else {
            Issue.record("the fixture no longer decodes to a Start-Control-Connection-Request")
            return
        }
        #expect(request.vendorName.unicodeScalars.contains("\u{FFFD}"))
        var encoded = ByteBuffer()
        encoded.writeControlMessage(.startControlConnectionRequest(request))
        guard case .startControlConnectionRequest(let again) = try ControlMessageParser.parse(encoded) else {
            Issue.record("the serialization is not a Start-Control-Connection-Request")
            return
        }
        #expect(again.hostName == request.hostName && again.maximumChannels == request.maximumChannels)
        #expect(again.vendorName != request.vendorName, "U+FFFD takes 3 octets: the 64-octet field cannot hold them all")
        #expect(again.vendorName.unicodeScalars.allSatisfy { $0 == "\u{FFFD}" })
    }
}
