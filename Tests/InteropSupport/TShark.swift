import Foundation

/// Packet capture and decoding with Wireshark's tools: an independent check that bytes we
/// send are what the RFC says (tshark has its own PPTP, GRE and PPP dissectors).
public enum TShark {
    /// Starts dumpcap on the side's veth end, writing `file` (pcapng). It stops by itself
    /// after `maxSeconds`, so a forgotten capture cannot run on; call ``PacketCapture/stop()``.
    /// - Parameter filter: a capture (BPF) filter, e.g. "tcp port 1723 or ip proto 47".
    public static func startCapture(
        in pair: NetworkNamespacePair, on side: NetworkNamespacePair.Side,
        to file: URL? = nil, filter: String? = nil, maxSeconds: Int = 120
    ) async throws -> PacketCapture {
        try Command.require("dumpcap")
        let file = file ?? pair.workDirectory.appendingPathComponent("capture-\(side.rawValue)-\(UUID().uuidString).pcapng")
        var arguments = ["-q", "-i", pair.interface(side), "-w", file.path, "-a", "duration:\(maxSeconds)"]
        if let filter { arguments += ["-f", filter] }
        let process = try pair.run(in: side, "dumpcap", arguments)
        // dumpcap says so on stderr once the interface is open; packets before that are lost.
        try await waitUntil("dumpcap to start on \(pair.interface(side)) in \(pair.namespace(side))", within: 10) {
            if let ended = process.exitStatus {
                throw InteropError.commandFailed(
                    command: process.commandLine, status: ended.shellCode, stderr: process.standardError())
            }
            return process.standardError().contains("Capturing on")
        }
        return PacketCapture(process: process, file: file)
    }

    /// Decodes `file` and returns, for each packet matching `displayFilter`, the requested
    /// fields by name. A field absent from a packet maps to ""; repeated occurrences are
    /// joined with `aggregator`.
    public static func fields(
        _ names: [String], in file: URL, displayFilter: String? = nil, aggregator: Character = ","
    ) async throws -> [[String: String]] {
        try Command.require("tshark")
        var arguments = ["tshark", "-r", file.path, "-T", "fields", "-E", "separator=/t",
                         "-E", "occurrence=a", "-E", "aggregator=\(aggregator)"]
        if let displayFilter { arguments += ["-Y", displayFilter] }
        for name in names { arguments += ["-e", name] }
        let output = try await Command.output(arguments, within: 60)
        return output.split(separator: "\n").map { line in
            let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: names.enumerated().map { index, name in
                (name, index < values.count ? values[index] : "")
            })
        }
    }

    /// Every expert item of at least `minimum` severity and every malformed packet in `file`,
    /// so a test can assert there are none. TCP reports a RST as a warning: narrow with
    /// `displayFilter` (e.g. "pptp || gre") when a reset is expected.
    public static func problems(
        in file: URL, atLeast minimum: ExpertSeverity = .warning, displayFilter: String? = nil
    ) async throws -> [ExpertProblem] {
        var filter = "(_ws.malformed || _ws.expert.severity >= \(minimum.rawValue))"
        if let displayFilter { filter += " && (\(displayFilter))" }
        let rows = try await fields(
            ["frame.number", "_ws.expert.severity", "_ws.expert.message", "_ws.malformed", "frame.protocols"],
            in: file, displayFilter: filter, aggregator: "|")  // expert messages may hold commas
        return rows.flatMap { row -> [ExpertProblem] in
            let frame = Int(row["frame.number"] ?? "") ?? 0
            let protocols = row["frame.protocols"] ?? ""
            let severities = (row["_ws.expert.severity"] ?? "").split(separator: "|").map { Int($0) ?? 0 }
            let messages = (row["_ws.expert.message"] ?? "").split(separator: "|").map(String.init)
            var found = zip(severities, messages).compactMap { raw, message -> ExpertProblem? in
                guard let severity = ExpertSeverity(rawValue: raw), severity >= minimum else { return nil }
                return ExpertProblem(frame: frame, severity: severity, message: message, protocols: protocols)
            }
            if found.isEmpty, !(row["_ws.malformed"] ?? "").isEmpty {
                found.append(ExpertProblem(frame: frame, severity: .error, message: "Malformed Packet", protocols: protocols))
            }
            return found
        }
    }
}

/// A running dumpcap; ``stop()`` ends it and returns the capture file.
public struct PacketCapture: Sendable {
    public let process: ChildProcess
    public let file: URL

    /// Stops dumpcap by PID and returns the file. The kernel hands captured packets to
    /// dumpcap in blocks with a read time-out, and SIGTERM drops a block not yet handed
    /// over (seen here: the last 0.5 s of packets were missing), so it first waits `settle`.
    @discardableResult
    public func stop(settle: Duration = .seconds(1)) async -> URL {
        try? await Task.sleep(for: settle)
        await process.stop(grace: 5)
        return file
    }
}

/// Wireshark's expert-info severities (epan/proto.h PI_CHAT … PI_ERROR).
public enum ExpertSeverity: Int, Comparable, Sendable {
    case chat = 0x0020_0000
    case note = 0x0040_0000
    case warning = 0x0060_0000
    case error = 0x0080_0000

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One expert item tshark raised, e.g. a malformed PPTP field or a TCP reset.
public struct ExpertProblem: Sendable, Equatable, CustomStringConvertible {
    public let frame: Int
    public let severity: ExpertSeverity
    public let message: String
    /// The packet's protocol stack, e.g. "eth:ethertype:ip:tcp:pptp".
    public let protocols: String

    public var description: String { "frame \(frame) [\(protocols)] \(severity): \(message)" }
}
