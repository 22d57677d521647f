import LineHAL
import NIOCore
import SimulatedLines

/// One `lines.impairments` entry: what is wrong with some simulated lines (docs/configuration.md).
/// A reload changes impairments while calls are up; a line no entry names has none.
public struct LineImpairmentEntry: Sendable, Equatable {
    /// Simulated line numbers (analog 1…N, ISDN B-channels from 101).
    public var lines: [Int]
    public var impairments: Impairments
    /// Where `lines` is, for errors found against the running PAC's lines.
    public var linesSource: ConfigurationSource

    public init(lines: [Int], impairments: Impairments, linesSource: ConfigurationSource) {
        self.lines = lines
        self.impairments = impairments
        self.linesSource = linesSource
    }
}

enum ImpairmentConfiguration {
    static func parse(_ lines: inout YAMLMappingReader) throws(ProfileError) -> [LineImpairmentEntry] {
        var named: Set<Int> = []
        return try lines.mappings("impairments").map { entry throws(ProfileError) in
            var entry = entry
            let source = ConfigurationSource(file: entry.file, line: entry.line(of: "lines"), key: entry.keyPath("lines"))
            let numbers = try entry.strings("lines").map { text throws(ProfileError) in
                guard let number = Int(text), number > 0 else { throw source.error("'\(text)' is not a line number") }
                guard named.insert(number).inserted else { throw source.error("line \(number) is already in an earlier entry") }
                return number
            }
            var impairments = Impairments.none
            if entry.has("bit-error-rate") { impairments.bitErrorRate = try entry.number("bit-error-rate", in: 0...1) }
            if entry.has("latency-ms") { impairments.latency = .milliseconds(Int64(try entry.integer("latency-ms", in: 0...10_000))) }
            if entry.has("overrun-rate") { impairments.hardwareOverrunRate = try entry.number("overrun-rate", in: 0...1) }
            try entry.finish()
            return LineImpairmentEntry(lines: numbers, impairments: impairments, linesSource: source)
        }
    }
}

extension SimulatedWorld {
    /// Each simulated line's impairments under `entries`: none for a line no entry names.
    /// Throws at the entry's `lines` key for a number that is not a simulated line here.
    public func impairments(_ entries: [LineImpairmentEntry]) throws(ProfileError) -> [LineID: Impairments] {
        var plan = Dictionary(uniqueKeysWithValues: lines.map { ($0.id, Impairments.none) })
        for entry in entries {
            for number in entry.lines {
                guard plan[LineID(number)] != nil else {
                    throw entry.linesSource.error("line \(number) is not a simulated line of this PAC")
                }
                plan[LineID(number)] = entry.impairments
            }
        }
        return plan
    }

    /// Applies a plan of `impairments(_:)`; calls that are up feel it from the next character.
    public func apply(_ plan: [LineID: Impairments]) {
        for line in lines where line.impairments != plan[line.id] {
            line.impairments = plan[line.id] ?? .none
        }
    }
}
