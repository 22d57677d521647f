import Foundation
import LineHAL
import NIOCore

/// Reads Hayes modem profiles (`Hardware/hayes/*.yaml`) as strictly as LineHAL's
/// ProfileLoader reads line profiles: every key required and checked, errors name file, line
/// and key.
public enum HayesProfileLoader {
    public static func parse(_ yaml: String, file: String) throws(ProfileError) -> HayesProfile {
        var root = try YAMLMappingReader.document(yaml, file: file)
        let name = try root.string("name")
        let summary = try root.string("description")

        var port = try root.mapping("port")
        let settings = SerialPortSettings(
            baudRate: try port.integer("device-rate", in: 300...921_600),
            flowControl: try port.choice("flow-control", of: SerialPortSettings.FlowControl.self))
        try port.finish()

        var speeds = try root.mapping("speeds")
        let minimum = try speeds.integer("min", in: 300...64000)
        let maximum = try speeds.integer("max", in: minimum...64000)
        try speeds.finish()

        var commands = try root.mapping("commands")
        let set = HayesProfile.Commands(
            reset: try command(&commands, "reset", optional: false),
            initialise: try command(&commands, "init", optional: false),
            speaker: try command(&commands, "speaker", optional: true),
            autoAnswerOff: try command(&commands, "auto-answer-off", optional: false),
            callerID: try command(&commands, "caller-id", optional: true))
        try commands.finish()

        let dialMode = try root.choice("dial-mode", of: HayesProfile.DialMode.self)
        let form = try root.choice("result-codes", of: ResultCodeForm.self)
        let dialect: ResultCodeDialect
        switch form {
        case .verbose:
            dialect = .verbose
        case .numeric:
            var table = try root.mapping("numeric-codes")
            var codes: [Int: String] = [:]
            for key in table.keys {
                guard let code = Int(key), (0...255).contains(code) else {
                    throw ProfileError(
                        file: file, line: table.line(of: key), key: "numeric-codes.\(key)", problem: "a result code is a number 0...255")
                }
                codes[code] = try table.string(key)
            }
            try table.finish()
            dialect = .numeric(codes)
        }
        let hangUpByDTR = try root.boolean("hang-up-by-dtr")

        var times = try root.mapping("timing-ms")
        func milliseconds(_ key: String, _ range: ClosedRange<Int>) throws(ProfileError) -> TimeAmount {
            .milliseconds(Int64(try times.integer(key, in: range)))
        }
        let timing = HayesProfile.Timing(
            command: try milliseconds("command", 100...60_000),
            reset: try milliseconds("reset", 100...60_000),
            dial: try milliseconds("dial", 1000...300_000),
            answer: try milliseconds("answer", 1000...300_000),
            dtrDrop: try milliseconds("dtr-drop", 10...10_000),
            escapeGuard: try milliseconds("escape-guard", 20...10_000),
            signalPoll: try milliseconds("signal-poll", 10...10_000),
            ringSilence: try milliseconds("ring-silence", 1000...60_000),
            retryFirst: try milliseconds("retry-first", 10...600_000),
            retryMaximum: try milliseconds("retry-max", 10...3_600_000))
        try times.finish()
        try root.finish()
        return HayesProfile(
            name: name, summary: summary, port: settings, speeds: SpeedRange(minimum: minimum, maximum: maximum),
            commands: set, dialMode: dialMode, resultCodes: dialect, hangUpByDTR: hangUpByDTR, timing: timing)
    }

    public static func load(file: String) throws(ProfileError) -> HayesProfile {
        try parse(YAMLFiles.read(file), file: file)
    }

    /// Every `*.yaml` in a folder (normally `Hardware/hayes`), sorted by file name.
    public static func loadDirectory(_ path: String) throws(ProfileError) -> [HayesProfile] {
        try YAMLFiles.paths(in: path).map { path throws(ProfileError) in try load(file: path) }
    }

    private enum ResultCodeForm: String, CaseIterable {
        case verbose, numeric
    }

    /// An AT command line: starts with AT, printable ASCII, no CR (the driver adds it).
    private static func command(_ reader: inout YAMLMappingReader, _ key: String, optional: Bool) throws(ProfileError)
        -> String
    {
        let text = try reader.string(key)
        if optional, text.isEmpty { return text }
        guard text.uppercased().hasPrefix("AT"), text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw ProfileError(
                file: reader.file, line: reader.line(of: key), key: "commands.\(key)",
                problem: "'\(text)' is not an AT command line (AT followed by printable characters)"
                    + (optional ? ", or empty to skip it" : ""))
        }
        return text
    }
}
