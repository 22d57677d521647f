import Dispatch
import Foundation
import Logging

/// Appends call detail records to a JSON-lines file (docs/records.md) off the event loop: the
/// engine hands a record over and returns; a serial queue of its own encodes and writes it.
/// A failed open or write is logged with the record's call and the daemon carries on; the
/// next record tries again.
public final class CallDetailRecordFile: @unchecked Sendable {
    /// Where `pac serve` writes records unless told otherwise (`--call-records`, `records.file`).
    public static let defaultPath = "/var/log/pac/calls.jsonl"

    public let path: String
    private let logger: Logger
    /// Serialises every access to `descriptor`: the file is touched on this queue only.
    private let queue = DispatchQueue(label: "pac.call-detail-records")
    private var descriptor: CInt = -1

    public init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
        queue.async { _ = self.openIfNeeded() }  // a wrong path shows in the log at start-up
    }

    /// Queues the record for writing; returns at once.
    public func append(_ record: CallDetailRecord) {
        queue.async { self.write(record) }
    }

    /// Writes what is queued and closes the file: every record appended before returns is on disk.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                if self.descriptor >= 0 {
                    fsync(self.descriptor)
                    systemClose(self.descriptor)
                    self.descriptor = -1
                }
                continuation.resume()
            }
        }
    }

    private func write(_ record: CallDetailRecord) {
        let line: Data
        do {
            line = try record.jsonLine()
        } catch {
            return logger.error("call detail record not encoded: \(error)", metadata: record.logMetadata)
        }
        guard openIfNeeded() else { return }
        let written = line.withUnsafeBytes { bytes in systemWrite(descriptor, bytes.baseAddress, bytes.count) }
        guard written == line.count else {
            let reason = written < 0 ? String(cString: strerror(errno)) : "short write (\(written) of \(line.count) bytes)"
            logger.error("call detail record not written to \(path): \(reason)", metadata: record.logMetadata)
            systemClose(descriptor)
            descriptor = -1  // reopened for the next record
            return
        }
    }

    /// Opens the file for appending, creating it and its folder; false (logged) when it cannot.
    private func openIfNeeded() -> Bool {
        guard descriptor < 0 else { return true }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            logger.error(
                "cannot open the call detail record file \(path): \(String(cString: strerror(errno))); records are lost until it opens")
            return false
        }
        return true
    }
}

// The class's own `close()` and `write(_:)` hide the C functions inside it.
private func systemClose(_ descriptor: CInt) { _ = close(descriptor) }
private func systemWrite(_ descriptor: CInt, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { write(descriptor, bytes, count) }

extension CallDetailRecord {
    /// The record as one line of JSON with a trailing newline: keys sorted, times in ISO 8601
    /// UTC with milliseconds.
    public func jsonLine() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        var line = try encoder.encode(self)
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// Decodes a line `jsonLine()` wrote.
    public static func decode(jsonLine: some StringProtocol) throws -> CallDetailRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
        }
        return try decoder.decode(CallDetailRecord.self, from: Data(jsonLine.utf8))
    }

    var logMetadata: Logger.Metadata {
        var metadata: Logger.Metadata = ["direction": "\(direction)"]
        if let callID { metadata["call"] = "\(callID)" }
        if let peerCallID { metadata["peer-call"] = "\(peerCallID)" }
        if let line { metadata["line"] = "\(line)" }
        if let peer { metadata["peer"] = "\(peer)" }
        return metadata
    }
}
