import LineHAL
import NIOCore
import SimulatedLines
import Testing
@testable import PAC

@Suite("pac serve configuration: lines.impairments (simulated lines)")
struct ImpairmentConfigurationTests {
    @Test("each entry's impairments apply to its lines; every other simulated line has none")
    func plan() throws {
        let yaml = """
            lines:
              impairments:
                - lines: [1, 2]
                  bit-error-rate: 1e-5
                  latency-ms: 40
                - lines: 101
                  overrun-rate: 0.001
            """
        let entries = try DaemonConfiguration.parse(yaml, file: "pac.yaml").impairments
        #expect(entries.map(\.lines) == [[1, 2], [101]])
        let pac = try EngineHarness(analogLines: 2)
        let plan = try pac.world.impairments(entries)
        #expect(plan[LineID(1)] == Impairments(bitErrorRate: 1e-5, latency: .milliseconds(40)))
        #expect(plan[LineID(2)] == plan[LineID(1)])
        #expect(plan[LineID(101)] == Impairments(hardwareOverrunRate: 0.001))
        #expect(plan[LineID(102)] == Impairments.none)
        pac.world.apply(plan)
        #expect(pac.line(2).impairments.latency == .milliseconds(40))
        pac.world.apply(try pac.world.impairments([]))
        #expect(pac.line(2).impairments == .none)
    }

    @Test("errors name file, line and key and say what is allowed", arguments: [
        ("lines:\n  impairments:\n    - lines: [1]\n      bit-error-rate: 2\n",
         "pac.yaml:4: key 'lines.impairments[0].bit-error-rate': 2 is out of range 0.0...1.0"),
        ("lines:\n  impairments:\n    - lines: [1]\n      bit-error-rate: often\n",
         "pac.yaml:4: key 'lines.impairments[0].bit-error-rate': expected a number, found 'often'"),
        ("lines:\n  impairments:\n    - lines: [x]\n",
         "pac.yaml:3: key 'lines.impairments[0].lines': 'x' is not a line number"),
        ("lines:\n  impairments:\n    - lines: [1]\n    - lines: [1]\n",
         "pac.yaml:4: key 'lines.impairments[1].lines': line 1 is already in an earlier entry"),
        ("lines:\n  impairments:\n    - lines: [1]\n      jitter-ms: 5\n",
         "pac.yaml:4: key 'lines.impairments[0].jitter-ms': unknown key"),
    ])
    func errors(yaml: String, message: String) {
        expectRejected(yaml, with: message)
    }

    @Test("a line number the running PAC does not simulate is an error at the entry's lines key")
    func unknownLine() throws {
        let entries = try DaemonConfiguration.parse("lines:\n  impairments:\n    - lines: [1, 9]\n", file: "pac.yaml").impairments
        let pac = try EngineHarness(analogLines: 2)
        do {
            _ = try pac.world.impairments(entries)
            Issue.record("line 9 was accepted")
        } catch {
            #expect(error.description == "pac.yaml:3: key 'lines.impairments[0].lines': line 9 is not a simulated line of this PAC")
        }
    }
}
