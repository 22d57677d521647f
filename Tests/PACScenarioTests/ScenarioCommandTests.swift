import Foundation
import InteropSupport
import Testing

/// `pac scenario run` through the real binary: every shipped scenario passes, and a failing
/// or invalid one says what went wrong, in the summary, the JUnit XML and the exit status.
@Suite("pac scenario run")
struct ScenarioCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shipped = repository.appendingPathComponent("Fixtures/scenarios")

    static var shippedFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: shipped.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    /// Runs `pac` with `arguments`; its exit status and what it printed (stdout and stderr).
    static func pac(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProduct.path("pac"))
        process.arguments = arguments
        process.currentDirectoryURL = repository
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    static func temporaryFile(_ name: String, _ text: String = "") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pac-scenario-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("the shipped scenarios exist, at least the six CI relies on")
    func shippedScenariosExist() {
        let files = Self.shippedFiles
        for name in [
            "call-echo-hangup.yaml", "call-failure-causes.yaml", "incoming-call.yaml", "line-noise.yaml",
            "carrier-drop.yaml", "keepalive-hold.yaml",
        ] {
            #expect(files.contains(name), "Fixtures/scenarios/\(name) is missing")
        }
    }

    @Test("every shipped scenario passes: exit 0, every step ✓, JUnit without failures", arguments: shippedFiles)
    func shippedScenarioPasses(_ name: String) throws {
        let junit = try Self.temporaryFile("junit.xml")
        defer { try? FileManager.default.removeItem(at: junit.deletingLastPathComponent()) }
        let (status, output) = try Self.pac(
            ["scenario", "run", Self.shipped.appendingPathComponent(name).path, "--junit", junit.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("PASSED:") && !output.contains("✗"), "\(output)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains("failures=\"0\"") && !xml.contains("<failure"), "\(xml)")
    }

    @Test("a failing expectation exits 1, names expected and actual, and is a JUnit failure; later steps are skipped")
    func failingScenario() throws {
        let scenario = try Self.temporaryFile(
            "busy-expected-to-connect.yaml",
            """
            name: busy number expected to connect
            steps:
              - connect: {}
              - call:
                  call: a
                  number: "5550200"
                  expect: { result: connected }
              - disconnect: {}
            """)
        let folder = scenario.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("junit.xml")
        let (status, output) = try Self.pac(["scenario", "run", scenario.path, "--junit", junit.path])
        #expect(status == 1, "\(output)")
        #expect(output.contains("✓ 1 connect (line 3)"), "\(output)")
        #expect(output.contains("✗ 2 call a: dial 5550200 (line 4)"), "\(output)")
        #expect(output.contains("expected: result connected (1)"), "\(output)")
        #expect(output.contains("actual:   result busy (4)"), "\(output)")
        #expect(output.contains("- 3 disconnect (line 8): skipped"), "\(output)")
        #expect(output.contains("FAILED: 1 of 3 steps failed, 1 skipped"), "\(output)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains("tests=\"3\" failures=\"1\""), "\(xml)")
        #expect(xml.contains("<failure message=\"expected result connected (1); actual result busy (4)\""), "\(xml)")
        #expect(xml.contains("<skipped message=\"an earlier step failed\"/>"), "\(xml)")
    }

    @Test("an invalid scenario exits 2 naming file, line and key, and what is allowed")
    func invalidScenario() throws {
        let scenario = try Self.temporaryFile(
            "typo.yaml",
            """
            steps:
              - connect: {}
              - dial: { number: "5550100" }
            """)
        defer { try? FileManager.default.removeItem(at: scenario.deletingLastPathComponent()) }
        let (status, output) = try Self.pac(["scenario", "run", scenario.path])
        #expect(status == 2, "\(output)")
        #expect(output.contains("\(scenario.path):3: key 'steps[1].dial': unknown step kind; allowed: connect, call, ring"), "\(output)")
    }
}

/// `pac scenario run --pac` against a `pac serve` in real time: the PAC in one network
/// namespace, the scenario's PNS in the other, control over TCP and frames over raw GRE.
@Suite("pac scenario run in real time")
struct RealTimeScenarioTests {
    @Test("the scenario's PNS drives a running pac serve over TCP and GRE, and rings, hangs up and impairs through its admin API")
    func againstRunningServe() async throws {
        try await withNetworkNamespacePair { pair in
            let pac = pair.address(.a)
            let serve = try pair.runBuiltProduct(
                in: .a, "pac",
                [
                    "serve", "--listen", pac, "--call-records", "off", "--timing", "quick", "--log-level", "warning", "--admin-listen", pac,
                    "--admin-token", "scenario-test",
                ])
            try await waitUntil("pac serve to start", within: 30) {
                guard serve.isRunning else { throw ScenarioTestError.serveExited(serve.standardOutput() + serve.standardError()) }
                return serve.standardOutput().contains("PAC is running")
            }
            let scenario = pair.workDirectory.appendingPathComponent("real-time.yaml")
            try """
                name: real time against pac serve
                steps:
                  - connect: { within: 10s }
                  - call: { call: a, number: "5550100", within: 30s, expect: { result: connected } }
                  - send-frames: { call: a, count: 10, expect-echoed: 10, within: 10s }
                  - ring: { call: in, line: 8, from: "5550150", within: 30s, expect: { dialing: "5550150", bearer: analog } }
                  - hang-up: { call: in, by: pac, within: 10s, expect: { result: admin-shutdown } }
                  - hang-up: { call: a, within: 10s, expect: { result: request, cause: 16 } }
                  - impair: { line: 1, ber: 1e-4 }
                """.write(to: scenario, atomically: true, encoding: .utf8)
            let run = try pair.runBuiltProduct(
                in: .b, "pac",
                [
                    "scenario", "run", scenario.path, "--pac", pac, "--admin", "\(pac):8723", "--admin-token", "scenario-test",
                ])
            let status = try await run.waitForExit(within: 120)
            let output = run.standardOutput() + run.standardError()
            #expect(status == .exited(0), "\(output)")
            #expect(output.contains("(\(scenario.path)), real time"), "\(output)")
            for passed in [
                "✓ 1 connect", "✓ 2 call a", "✓ 3 call a: send 10 frames of 100 octets (line 5): 10 of 10 frames came back",
                "✓ 4 call in", "✓ 5 call in: PAC hangs up", "✓ 6 call a: PNS hangs up", "✓ 7 impair line 1",
            ] {
                #expect(output.contains(passed), "\(output)")
            }
            // The impair step went through the admin API: the running PAC's line 1 has the noise.
            let impaired = try await Command.output(
                ["ip", "netns", "exec", pair.namespace(.a), "curl", "-sf", "-H", "Authorization: Bearer scenario-test",
                 "http://\(pac):8723/v1/lines/1/impairments"])
            #expect(impaired == #"{"bitErrorRate":0.0001}"#, "\(impaired)")
        }
    }

    enum ScenarioTestError: Error { case serveExited(String) }
}
