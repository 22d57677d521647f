import LineHAL
import NIOCore
import PAC
import PACAdminClient

/// The operator's view of a running PAC, safe to call from any thread: every request hops to
/// the engine's event loop and takes or changes its state there.
public final class AdminService: Sendable {
    private let engine: NIOLoopBound<PACEngine>
    /// The simulated switch and its lines, which can be rung and impaired; nil without one.
    private let world: NIOLoopBound<SimulatedWorld>?

    public init(engine: NIOLoopBound<PACEngine>, world: NIOLoopBound<SimulatedWorld>?) {
        self.engine = engine
        self.world = world
    }

    private func onLoop<T: Sendable>(_ body: @escaping @Sendable (PACEngine) throws -> T) async throws -> T {
        let engine = self.engine
        return try await engine.eventLoop.submit { try body(engine.value) }.get()
    }

    private func onWorld<T: Sendable>(_ body: @escaping @Sendable (SimulatedWorld) throws -> T) async throws -> T {
        guard let world else { throw AdminError.refused("these lines are not simulated: no switch to ring or impair them") }
        return try await world.eventLoop.submit { try body(world.value) }.get()
    }

    public func status() async throws -> EngineStatus { try await onLoop { $0.status() } }
    public func lines() async throws -> [LineStatus] { try await onLoop { $0.lineStatuses() } }
    public func calls() async throws -> [CallStatus] { try await onLoop { $0.callStatuses() } }
    public func peers() async throws -> [PeerStatus] { try await onLoop { $0.peerStatuses() } }
    public func metricsSnapshot() async throws -> EngineMetricsSnapshot { try await onLoop { $0.metricsSnapshot() } }

    public func hangUp(callID: UInt16) async throws {
        try await onLoop { engine in try engine.hangUp(callID: callID) }
    }

    public func setLine(_ id: Int, inService: Bool) async throws {
        try await onLoop { engine in try engine.setLine(id, inService: inService) }
    }

    /// A lab-bench test call on a line; completes with its outcome.
    public func dial(line: Int, number: String, hold: TimeAmount) async throws -> TestCallOutcome {
        let engine = self.engine
        return try await engine.eventLoop.flatSubmit { engine.value.testCall(line: line, number: number, hold: hold) }.get()
    }

    public func ring(line: Int, from caller: String, to dialed: String) async throws {
        try await onWorld { world in try world.ring(line: line, from: caller, to: dialed) }
    }

    /// Sets (or with nil clears) a simulated line's impairments; returns those in force.
    public func impair(line: Int, _ settings: ImpairmentSettings?) async throws -> ImpairmentSettings {
        try await onWorld { world in try world.impair(line: line, settings) }
    }

    /// Every impaired line's impairments; none without a simulated switch.
    public func impairedLines() async throws -> [String: ImpairmentSettings] {
        guard world != nil else { return [:] }
        return try await onWorld { world in world.impairedLines() }
    }

    public func impairments(line: Int) async throws -> ImpairmentSettings {
        try await onWorld { world in try world.impairments(line: line) }
    }
}
