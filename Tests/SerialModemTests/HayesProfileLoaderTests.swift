import Foundation
import LineHAL
import Testing

@testable import SerialModem

/// Hardware/hayes, found from this file's path so the test runs from any directory.
let hayesProfileFolder: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/") + "/Hardware/hayes"
}()

@Suite("Hayes profiles (Hardware/hayes)")
struct HayesProfileLoaderTests {
    @Test("the shipped profiles load, with their families' different dialects")
    func shippedProfiles() throws {
        let profiles = try HayesProfileLoader.loadDirectory(hayesProfileFolder)
        #expect(profiles.map(\.name) == ["generic-hayes", "rockwell-conexant", "usr-courier"])
        let courier = try #require(profiles.first { $0.name == "usr-courier" })
        #expect(courier.resultCodes == .verbose)
        #expect(courier.commands.callerID == "AT#CID=1")
        #expect(courier.initialisation.map(\.text).suffix(3) == ["ATV1", "AT&D2", "AT&C1"])
        let rockwell = try #require(profiles.first { $0.name == "rockwell-conexant" })
        guard case .numeric(let table) = rockwell.resultCodes else {
            Issue.record("the Rockwell profile should use numeric result codes")
            return
        }
        #expect(table[78] == "CARRIER 31200")
        #expect(rockwell.initialisation.map(\.text).contains("ATV0"))
        let generic = try #require(profiles.first { $0.name == "generic-hayes" })
        #expect(!generic.initialisation.map(\.text).contains(""), "an empty caller-ID command is skipped")
    }

    private static let valid = """
        name: test
        description: test modem
        port:
          device-rate: 115200
          flow-control: rts-cts
        speeds:
          min: 300
          max: 33600
        commands:
          reset: ATZ
          init: AT&F
          speaker: ""
          auto-answer-off: ATS0=0
          caller-id: ""
        dial-mode: tone
        result-codes: verbose
        hang-up-by-dtr: true
        timing-ms:
          command: 2000
          reset: 5000
          dial: 70000
          answer: 60000
          dtr-drop: 600
          escape-guard: 1100
          signal-poll: 200
          ring-silence: 8000
          retry-first: 2000
          retry-max: 60000
        """

    @Test("a valid profile parses")
    func valid() throws {
        let profile = try HayesProfileLoader.parse(Self.valid, file: "test.yaml")
        #expect(profile.port == SerialPortSettings(baudRate: 115_200, flowControl: .rtsCts))
        #expect(profile.timing.escapeGuard == .milliseconds(1100))
    }

    @Test(
        "errors name file, line and key",
        arguments: [
            ("  flow-control: rts-cts", "  flow-control: cts", 5, "port.flow-control"),
            ("  init: AT&F", "  init: &F", 11, "commands.init"),
            ("hang-up-by-dtr: true", "hang-up-by-dtr: sometimes", 17, "hang-up-by-dtr"),
            ("  dtr-drop: 600", "  dtr-drop: 600\n  dtr-rise: 5", 24, "timing-ms.dtr-rise"),
        ])
    func errors(original: String, replacement: String, line: Int, key: String) {
        let yaml = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(throws: ProfileError.self) { try HayesProfileLoader.parse(yaml, file: "bad.yaml") }
        do {
            _ = try HayesProfileLoader.parse(yaml, file: "bad.yaml")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.key == key)
            #expect(error.line == line, "\(error)")
        }
    }
}
