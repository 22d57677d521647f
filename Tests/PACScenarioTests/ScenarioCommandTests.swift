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
