import Foundation
import LineHAL
import NIOCore
import PPTPWire

/// Reads a scenario file strictly: unknown keys, misspelt step kinds, unknown result names
/// and calls no earlier step named are errors naming file, line and key (docs/scenarios.md).
public enum ScenarioParser {
    public static func load(file: String) throws(ProfileError) -> Scenario {
        try parse(YAMLFiles.read(file), file: file)
    }

    public static func parse(_ yaml: String, file: String) throws(ProfileError) -> Scenario {
        var root = try YAMLMappingReader.document(yaml, file: file)
        let name = root.has("name") ? try root.string("name") : URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let seed = root.has("seed") ? UInt64(try root.integer("seed", in: 0...Int.max)) : 1
        var world = WorldSettings()
        if root.has("world") {
            var reader = StepReader(try root.mapping("world"))
            if reader.yaml.has("analog-lines") { world.analogLines = try reader.yaml.integer("analog-lines", in: 1...64) }
            if reader.yaml.has("timing") { world.timing = try reader.yaml.choice("timing", of: TimingName.self).rawValue }
            if reader.yaml.has("keep-alive") { world.keepAliveInterval = try reader.duration("keep-alive") }
            try reader.finish()
        }
        var calls = Set<String>()
        let steps = try root.mappings("steps").map { item throws(ProfileError) in try step(item, calls: &calls) }
        guard !steps.isEmpty else {
            throw ProfileError(file: file, line: root.line(of: "steps"), key: "steps", problem: "a scenario needs at least one step")
        }
        try root.finish()
        return Scenario(name: name, file: file, seed: seed, world: world, steps: steps)
    }

    private enum TimingName: String, CaseIterable { case realistic, quick }

    static let stepKinds = [
        "connect", "call", "ring", "send-frames", "impair", "wait", "expect-wan-errors", "expect-messages",
        "expect-connection", "hang-up", "expect-disconnect", "disconnect",
    ]

    private static func step(_ item: YAMLMappingReader, calls: inout Set<String>) throws(ProfileError) -> Step {
        var item = item
        let line = item.line ?? 0
        guard item.keys.count == 1, let kind = item.keys.first else {
            throw ProfileError(
                file: item.file, line: item.line, key: item.path,
                problem: "a step is a mapping with exactly one key, the step kind: \(stepKinds.joined(separator: ", "))")
        }
        guard stepKinds.contains(kind) else {
            throw ProfileError(
                file: item.file, line: item.line(of: kind), key: item.keyPath(kind),
                problem: "unknown step kind; allowed: \(stepKinds.joined(separator: ", "))")
        }
        switch kind {
        case "wait":
            let text = try item.string(kind)
            guard let amount = Durations.parse(text) else {
                throw ProfileError(
                    file: item.file, line: item.line(of: kind), key: item.keyPath(kind),
                    problem: "'\(text)' is not a duration such as 500ms, 30s, 10m or 1h")
            }
            return Step(line: line, action: .wait(amount), within: .zero)
        case "expect-connection":
            let state = try item.choice(kind, of: ConnectionState.self)
            return Step(line: line, action: .expectConnection(established: state == .established), within: .zero)
        default:
            var reader = StepReader(try item.mapping(kind))
            let step = try reader.step(kind, line: line, calls: &calls)
            try reader.finish()
            return step
        }
    }

    private enum ConnectionState: String, CaseIterable { case established, closed }
}
