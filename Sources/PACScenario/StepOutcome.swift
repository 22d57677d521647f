import NIOCore
import PPTPWire

/// An expectation that did not hold: what the scenario expected, what the PNS saw.
public struct StepFailure: Error, Sendable, Hashable {
    public var expected: String
    public var actual: String
}

/// How one step went.
public struct StepOutcome: Sendable {
    public enum Status: Sendable {
        /// With what happened.
        case passed(String)
        case failed(StepFailure)
        /// An earlier step failed.
        case skipped
    }

    public var index: Int
    public var step: Step
    public var status: Status
    /// Time the step took, virtual or real.
    public var duration: TimeAmount
}

/// Collects every mismatch of one step, so a failure names all of them at once.
struct Check {
    private(set) var failures: [StepFailure] = []

    mutating func number(_ what: String, _ expected: NumberExpectation?, _ actual: Int) {
        guard let expected, !expected.holds(for: actual) else { return }
        failures.append(StepFailure(expected: "\(what) \(expected)", actual: "\(what) \(actual)"))
    }

    mutating func text(_ what: String, _ expected: String?, _ actual: String) {
        guard let expected, expected != actual else { return }
        failures.append(StepFailure(expected: "\(what) \"\(expected)\"", actual: "\(what) \"\(actual)\""))
    }

    mutating func code<Code: PPTPCode>(_ what: String, expected: Code, actual: Code) {
        guard expected != actual else { return }
        failures.append(
            StepFailure(expected: "\(what) \(CodeNames.name(expected))", actual: "\(what) \(CodeNames.name(actual))"))
    }

    func verify() throws(StepFailure) {
        guard !failures.isEmpty else { return }
        throw StepFailure(
            expected: failures.map(\.expected).joined(separator: ", "), actual: failures.map(\.actual).joined(separator: ", "))
    }
}
