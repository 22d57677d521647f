import ArgumentParser
import Foundation
import LineHAL
import Logging
import PACScenario

struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario", abstract: "Run YAML scenarios against a PAC (docs/scenarios.md).", subcommands: [Run.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run scenarios; exit 0 only when every expectation held, 1 when one failed, 2 when a file is invalid.",
            discussion: """
                By default a PAC and a PNS run in this process on a virtual clock: minutes of a scenario take a moment. \
                With --pac the scenario's PNS drives a running PAC in real time instead.
                """)

        @Argument(help: "Scenario files (YAML).") var files: [String]
        @Option(help: "Seed for the simulated network's randomness; overrides each scenario's 'seed'.") var seed: UInt64?
        @Option(help: "Write JUnit XML here.") var junit: String?
        @Option(help: "Folder of line and modem profiles [./Hardware or next to the executable].") var hardware: String?
        @Option(help: "Log level of the PAC engine (trace ... critical), on stderr.") var logLevel = "error"
        @Option(help: "Run in real time against a running PAC at HOST[:PORT] (control port 1723 by default).") var pac: String?
        @Option(help: "With --pac: the PAC's admin API, HOST:PORT, for ringing lines and PAC-side hang-ups.")
        var admin = "127.0.0.1:8723"
        @Option(help: "With --pac: the admin API's bearer token.") var adminToken: String?

        func run() throws {
            let scenarios: [Scenario]
            do {
                scenarios = try files.map { file throws(ProfileError) in try ScenarioParser.load(file: file) }
            } catch {
                FileHandle.standardError.write(Data("pac scenario: \(error)\n".utf8))
                throw ExitCode(2)
            }
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            var results: [ScenarioResult] = []
            if let pac {
                guard seed == nil else { throw ValidationError("--seed applies to virtual time; a running PAC has its own seed") }
                let (host, port) = try Self.endpoint(pac, option: "--pac", defaultPort: 1723)
                let (adminHost, adminPort) = try Self.endpoint(admin, option: "--admin", defaultPort: nil)
                for scenario in scenarios {
                    let result = ScenarioRun.live(
                        scenario, host: host, port: port, adminHost: adminHost, adminPort: adminPort, adminToken: adminToken)
                    print(result.summary)
                    results.append(result)
                }
            } else {
                let profiles = try HardwareFolder.profiles(hardware)
                for scenario in scenarios {
                    let result = try ScenarioRun.virtual(scenario, seed: seed, profiles: profiles, logger: Logger(label: "pac"))
                    print(result.summary)
                    results.append(result)
                }
            }
            if let junit {
                try ScenarioResult.junitXML(results).write(toFile: junit, atomically: true, encoding: .utf8)
            }
            if !results.allSatisfy(\.passed) { throw ExitCode(1) }
        }

        /// "HOST:PORT", or "HOST" when there is a default port.
        static func endpoint(_ text: String, option: String, defaultPort: Int?) throws -> (String, Int) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 1, let defaultPort, !text.isEmpty { return (text, defaultPort) }
            guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port) else {
                throw ValidationError("\(option) must be HOST:PORT\(defaultPort == nil ? "" : " or HOST"), not '\(text)'")
            }
            return (String(parts[0]), port)
        }
    }
}
