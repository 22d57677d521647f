import Foundation
import NIOCore

/// What running a scenario found: one outcome per step, as a readable summary and as JUnit XML.
public struct ScenarioResult: Sendable {
    public var scenario: Scenario
    /// The simulated network's seed; nil in real time, where the running PAC has its own.
    public var seed: UInt64?
    /// "virtual time" or "real time".
    public var clock: String
    public var outcomes: [StepOutcome]
    /// Scenario time from start to end (virtual or real).
    public var elapsed: TimeAmount

    /// True only when every step passed.
    public var passed: Bool { outcomes.allSatisfy { if case .passed = $0.status { true } else { false } } }

    private var failures: Int { outcomes.filter { if case .failed = $0.status { true } else { false } }.count }
    private var skipped: Int { outcomes.filter { if case .skipped = $0.status { true } else { false } }.count }

    private static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return String(format: "%.3f", seconds)
    }

    // MARK: Summary

    /// One line per step (✓, ✗ or -), the failed expectation's expected and actual values,
    /// and a verdict.
    public var summary: String {
        var lines = ["scenario \"\(scenario.name)\" (\(scenario.file)), \(seed.map { "seed \($0), " } ?? "")\(clock)"]
        for outcome in outcomes {
            let head = "\(outcome.index) \(outcome.step.title) (line \(outcome.step.line))"
            switch outcome.status {
            case .passed(let detail):
                lines.append("  ✓ \(head): \(detail)")
            case .failed(let failure):
                lines.append("  ✗ \(head)")
                lines.append("      expected: \(failure.expected)")
                lines.append("      actual:   \(failure.actual)")
            case .skipped:
                lines.append("  - \(head): skipped")
            }
        }
        let total = outcomes.count
        lines.append(
            passed
                ? "PASSED: \(total) of \(total) steps in \(Self.seconds(elapsed)) s \(clock)"
                : "FAILED: \(failures) of \(total) steps failed, \(skipped) skipped, in \(Self.seconds(elapsed)) s \(clock)")
        return lines.joined(separator: "\n")
    }

    // MARK: JUnit

    /// A JUnit XML document of `results`: one test suite per scenario, one test case per step.
    public static func junitXML(_ results: [ScenarioResult]) -> String {
        let tests = results.map(\.outcomes.count).reduce(0, +)
        let failures = results.map(\.failures).reduce(0, +)
        let skipped = results.map(\.skipped).reduce(0, +)
        let time = seconds(results.map(\.elapsed).reduce(.zero, +))
        return ([#"<?xml version="1.0" encoding="UTF-8"?>"#]
            + ["<testsuites name=\"pac scenario\" tests=\"\(tests)\" failures=\"\(failures)\" skipped=\"\(skipped)\" time=\"\(time)\">"]
            + results.flatMap(\.junitSuite) + ["</testsuites>"]).joined(separator: "\n") + "\n"
    }

    private var junitSuite: [String] {
        let counts = "tests=\"\(outcomes.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(Self.seconds(elapsed))\""
        var xml = [
            "  <testsuite name=\"\(Self.escape(scenario.name))\" \(counts)>",
            "    <properties>",
            "      <property name=\"file\" value=\"\(Self.escape(scenario.file))\"/>",
            "      <property name=\"clock\" value=\"\(clock)\"/>",
        ]
        if let seed { xml.append("      <property name=\"seed\" value=\"\(seed)\"/>") }
        xml.append("    </properties>")
        for outcome in outcomes {
            let attributes =
                "name=\"\(Self.escape("\(outcome.index) \(outcome.step.title)"))\" classname=\"\(Self.escape(scenario.name))\" "
                + "file=\"\(Self.escape(scenario.file))\" line=\"\(outcome.step.line)\" time=\"\(Self.seconds(outcome.duration))\""
            xml.append("    <testcase \(attributes)>")
            switch outcome.status {
            case .passed(let detail):
                xml.append("      <system-out>\(Self.escape(detail))</system-out>")
            case .failed(let failure):
                let message = "expected \(failure.expected); actual \(failure.actual)"
                xml.append(
                    "      <failure message=\"\(Self.escape(message))\" type=\"expectation\">"
                        + "\(Self.escape("expected: \(failure.expected)\nactual:   \(failure.actual)"))</failure>")
            case .skipped:
                xml.append("      <skipped message=\"an earlier step failed\"/>")
            }
            xml.append("    </testcase>")
        }
        xml.append("  </testsuite>")
        return xml
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
