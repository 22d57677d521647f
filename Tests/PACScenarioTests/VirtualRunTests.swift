import Foundation
import LineHAL
import Logging
import Testing
@testable import PACScenario

/// Scenarios run in process on the virtual clock.
@Suite("Virtual-time scenario runs")
struct VirtualRunTests {
    static let hardware = ScenarioCommandTests.repository.appendingPathComponent("Hardware").path

    func run(_ yaml: String, seed: UInt64? = nil) throws -> ScenarioResult {
        let scenario = try ScenarioParser.parse(yaml, file: "test.yaml")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try ScenarioRun.virtual(scenario, seed: seed, profiles: ProfileLoader.loadDirectory(Self.hardware), logger: logger)
    }

    static let noisyCall = """
        steps:
          - connect: {}
          - call: { call: a, number: "5550100" }
          - impair: { call: a, ber: 2e-4 }
          - send-frames: { call: a, count: 40, size: 200, expect-echoed: "<= 40", within: 20s }
          - wait: 3m
          - expect-wan-errors: { call: a, notifies: ">= 1" }
        """

    @Test("the same seed gives the same run; the seed decides where the noise falls")
    func deterministicUnderSeed() throws {
        let first = try run(Self.noisyCall, seed: 5)
        let again = try run(Self.noisyCall, seed: 5)
        let other = try run(Self.noisyCall, seed: 6)
        #expect(first.passed, "\(first.summary)")
        #expect(first.summary == again.summary)
        #expect(first.summary != other.summary, "\(first.summary)\n\(other.summary)")
    }

    @Test("minutes of scenario pass on the virtual clock, not the wall clock")
    func virtualTime() throws {
        let result = try run("steps:\n  - connect: {}\n  - wait: 30m\n  - expect-connection: established\n")
        #expect(result.passed, "\(result.summary)")
        #expect(result.elapsed >= .minutes(30))
    }

    @Test("a step that needs a call the PAC never connected fails with the reason; the rest are skipped")
    func failureSkipsTheRest() throws {
        let result = try run(
            """
            steps:
              - connect: {}
              - call: { call: a, number: "5550201", within: 5s }
              - hang-up: { call: a }
            """)
        #expect(!result.passed)
        #expect(result.summary.contains("expected: Outgoing-Call-Reply from the PAC"), "\(result.summary)")
        #expect(result.summary.contains("actual:   none within 5s"), "\(result.summary)")
        #expect(result.summary.contains("- 3 call a: PNS hangs up (line 4): skipped"), "\(result.summary)")
    }
}

extension VirtualRunTests {
    @Test("hanging up a call the PAC already disconnected fails saying so")
    func hangUpAfterCarrierLoss() throws {
        let result = try run(
            """
            steps:
              - connect: {}
              - call: { call: a, number: "5550100" }
              - impair: { call: a, drop-carrier-after: 1s }
              - wait: 10s
              - hang-up: { call: a }
            """)
        #expect(result.summary.contains("✗ 5 call a: PNS hangs up (line 6)"), "\(result.summary)")
        #expect(result.summary.contains("expected: call a up"), "\(result.summary)")
        #expect(result.summary.contains("actual:   the PAC already disconnected it (lost-carrier (1))"), "\(result.summary)")
    }

    @Test("ringing a line the PAC does not have fails naming the lines it has")
    func ringUnknownLine() throws {
        let result = try run("steps:\n  - connect: {}\n  - ring: { call: x, line: 99, from: \"5550150\" }\n")
        #expect(result.summary.contains("actual:   the PAC has no line 99 (its lines: 1...8, 101...123)"), "\(result.summary)")
    }
}
