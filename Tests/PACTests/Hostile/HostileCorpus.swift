import Foundation
import LineHAL

/// One case of Fixtures/hostile/control-messages.yaml (written by scripts/hostile-corpus,
/// whose docstring defines the fields).
struct HostileCase: Sendable, CustomStringConvertible {
    enum State: String, CaseIterable, Sendable { case fresh, established, call }
    enum Expectation: Sendable, Equatable {
        case reply(type: UInt16, result: UInt8, error: UInt8, thenClosed: Bool)
        case close
        case ignore
    }
    enum After: String, CaseIterable { case open, closed }
    enum Kind: String, CaseIterable { case reply, close, ignore }

    var name: String
    var state: State
    var rfc: String
    var bytes: [UInt8]
    var expectation: Expectation

    var description: String { "\(name) (\(rfc))" }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/hostile/control-messages.yaml").path

    static func load() throws -> [HostileCase] {
        var root = try YAMLMappingReader.document(try YAMLFiles.read(file), file: file)
        let cases = try root.mappings("cases").map { entry throws(ProfileError) in
            var entry = entry
            let name = try entry.string("name")
            let state = try entry.choice("state", of: State.self)
            let rfc = try entry.string("rfc")
            let hex = try entry.string("hex")
            guard let bytes = [UInt8](hex: hex) else {
                throw ProfileError(file: file, line: entry.line(of: "hex"), key: entry.keyPath("hex"), problem: "not hex")
            }
            let expectation: Expectation
            switch try entry.choice("expect", of: Kind.self) {
            case .close: expectation = .close
            case .ignore: expectation = .ignore
            case .reply:
                expectation = .reply(
                    type: UInt16(try entry.integer("reply", in: 1...15)), result: UInt8(try entry.integer("result", in: 0...255)),
                    error: UInt8(try entry.integer("error", in: 0...255)),
                    thenClosed: try entry.choice("after", of: After.self) == .closed)
            }
            try entry.finish()
            return HostileCase(name: name, state: state, rfc: rfc, bytes: bytes, expectation: expectation)
        }
        try root.finish()
        return cases
    }
}

extension [UInt8] {
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self = bytes
    }
}
