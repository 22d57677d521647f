import Foundation

/// One message or GRE packet that a real peer sent, as `scripts/capture-golden` extracted it
/// into `Fixtures/golden/<set>/` (one hex file each, described by `manifest.json`).
public struct GoldenMessage: Sendable, Decodable, CustomStringConvertible {
    /// Position in the capture, from 1.
    public let order: Int
    /// The hex file's name, e.g. "01-pns-Start-Control-Connection-Request.hex".
    public let file: String
    /// "pns" or "pac": who sent it.
    public let from: String
    /// "control" (a TCP control message) or "gre" (an enhanced-GRE packet).
    public let kind: String
    /// The RFC 2637 message name, or "gre-data" / "gre-ack".
    public let type: String
    /// The Control Message Type code (RFC 2637 §1.4); nil for GRE packets.
    public let typeCode: Int?
    public let length: Int
    /// The capture frame that completed it, in `Fixtures/captures/<set>.pcapng`.
    public let frame: Int
    /// Which control connection it belongs to (nil for GRE packets).
    public let tcpStream: Int?
    /// The exact bytes, read from `file`.
    public internal(set) var bytes: [UInt8] = []

    private enum CodingKeys: String, CodingKey {
        case order, file, from, kind, type, typeCode, length, frame, tcpStream
    }

    public var description: String { "\(file) (\(length) octets from the \(from))" }
}

/// Loads golden bytes for codec and interop tests.
public enum GoldenFixtures {
    /// The repository's Fixtures directory, found from this source file's location.
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every message of a golden set, in capture order, with its bytes.
    public static func messages(_ set: String = "pptp-linux-pptpd") throws -> [GoldenMessage] {
        let folder = directory.appendingPathComponent("golden/\(set)")
        struct Manifest: Decodable { let messages: [GoldenMessage] }
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        return try manifest.messages.map { entry in
            var message = entry
            let hex = try String(contentsOf: folder.appendingPathComponent(entry.file), encoding: .utf8)
            message.bytes = try bytes(fromHex: hex, file: entry.file)
            return message
        }
    }

    /// The capture a golden set was extracted from.
    public static func capture(_ set: String = "pptp-linux-pptpd") -> URL {
        directory.appendingPathComponent("captures/\(set).pcapng")
    }

    private static func bytes(fromHex text: String, file: String) throws -> [UInt8] {
        let digits = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard digits.count % 2 == 0 else { throw GoldenFixtureError.badHex(file: file) }
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
                throw GoldenFixtureError.badHex(file: file)
            }
            return byte
        }
    }
}

/// A golden file that cannot be read as hex.
public enum GoldenFixtureError: Error, CustomStringConvertible {
    case badHex(file: String)

    public var description: String {
        switch self {
        case .badHex(let file): "golden file \(file) is not an even number of hex digits"
        }
    }
}
