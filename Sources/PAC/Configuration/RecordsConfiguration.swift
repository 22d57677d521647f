import Foundation
import LineHAL

/// Where `pac serve` keeps what happened: call detail records and packet capture
/// (docs/records.md). The `records` and `capture` keys of the configuration file.
public struct RecordsConfiguration: Sendable, Equatable {
    /// The JSON-lines file of call detail records; nil writes none ("off").
    public var callRecordsFile: String? = CallDetailRecordFile.defaultPath
    /// The pcap file; nil captures nothing (the default).
    public var captureFile: String?
    public var captureFilter = CaptureFilter()

    public init() {}

    /// Reads `records:` and `capture:` from the document's root. Relative paths are taken from
    /// the configuration file's folder.
    mutating func parse(_ root: inout YAMLMappingReader, file: String) throws(ProfileError) {
        if root.has("records") {
            var records = try root.mapping("records")
            if records.has("file") {
                let path = try records.string("file")
                callRecordsFile = path == "off" ? nil : Self.resolve(path, beside: file)
            }
            try records.finish()
        }
        if root.has("capture") {
            var capture = try root.mapping("capture")
            captureFile = Self.resolve(try capture.string("file"), beside: file)
            if capture.has("peer") {
                let text = try capture.string("peer")
                guard let network = IPv4Network(text) else {
                    throw ProfileError(
                        file: file, line: capture.line(of: "peer"), key: capture.keyPath("peer"),
                        problem: "'\(text)' is not an IPv4 address or prefix such as 198.18.0.0/15")
                }
                captureFilter.peer = network
            }
            if capture.has("line") { captureFilter.line = try capture.integer("line", in: 1...Int(Int32.max)) }
            if capture.has("number") { captureFilter.number = try capture.string("number") }
            try capture.finish()
        }
    }

    static func resolve(_ path: String, beside file: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).path
    }

    /// One line for `pac check-config`.
    public var summary: String {
        var filter: [String] = []
        if let peer = captureFilter.peer { filter.append("peer \(peer)") }
        if let line = captureFilter.line { filter.append("line \(line)") }
        if let number = captureFilter.number { filter.append("number \(number)…") }
        let capture = captureFile.map { "\($0) (\(filter.isEmpty ? "every call" : filter.joined(separator: ", ")))" } ?? "off"
        return "call records: \(callRecordsFile ?? "off"); capture: \(capture)"
    }
}
