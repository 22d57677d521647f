import LineHAL
import Logging

/// Runs scenarios: `pac scenario run`'s entry point.
public enum ScenarioRun {
    /// The PAC engine and the PNS in process on a virtual clock.
    /// - Parameter seed: overrides the scenario's own seed.
    public static func virtual(
        _ scenario: Scenario, seed: UInt64? = nil, profiles: [LineProfile], logger: Logger
    ) throws -> ScenarioResult {
        let seed = seed ?? scenario.seed
        let target = try VirtualPAC(settings: scenario.world, profiles: profiles, seed: seed, logger: logger)
        let outcomes = ScenarioRunner(scenario: scenario, target: target).run()
        return ScenarioResult(scenario: scenario, seed: seed, clock: "virtual time", outcomes: outcomes, elapsed: target.elapsed)
    }
}
