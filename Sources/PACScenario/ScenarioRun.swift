import Foundation
import LineHAL
import PACAdminClient
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

    /// A running PAC at `host:port` in real time; lines are rung and impaired and calls hung up
    /// at the PAC through its admin API at `adminHost:adminPort`. The scenario's `world` is the running
    /// PAC's own; only `keep-alive` (the PNS's) applies.
    public static func live(
        _ scenario: Scenario, host: String, port: Int, adminHost: String, adminPort: Int, adminToken: String?
    ) -> ScenarioResult {
        let admin = AdminClient(base: URL(string: "http://\(adminHost):\(adminPort)")!, token: adminToken)
        let target = LivePAC(host: host, port: port, admin: admin, settings: scenario.world)
        let outcomes = ScenarioRunner(scenario: scenario, target: target).run()
        return ScenarioResult(
            scenario: scenario, seed: nil, clock: "real time", outcomes: outcomes, elapsed: target.elapsed)
    }
}
