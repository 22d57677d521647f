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
            discussion: "By default a PAC and a PNS run in this process on a virtual clock: minutes of a scenario take a moment.")

        @Argument(help: "Scenario files (YAML).") var files: [String]
        @Option(help: "Seed for the simulated network's randomness; overrides each scenario's 'seed'.") var seed: UInt64?
        @Option(help: "Write JUnit XML here.") var junit: String?
        @Option(help: "Folder of line and modem profiles [./Hardware or next to the executable].") var hardware: String?
        @Option(help: "Log level of the PAC engine (trace ... critical), on stderr.") var logLevel = "error"

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
            let profiles = try HardwareFolder.profiles(hardware)
            var results: [ScenarioResult] = []
            for scenario in scenarios {
                let result = try ScenarioRun.virtual(scenario, seed: seed, profiles: profiles, logger: Logger(label: "pac"))
                print(result.summary)
                results.append(result)
            }
            if let junit {
                try ScenarioResult.junitXML(results).write(toFile: junit, atomically: true, encoding: .utf8)
            }
            if !results.allSatisfy(\.passed) { throw ExitCode(1) }
        }
    }
}
