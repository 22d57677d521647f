import LineHAL
import NIOCore
import PAC

/// The operator's view of a running PAC, safe to call from any thread: every request hops to
/// the engine's event loop and takes or changes its state there.
public final class AdminService: Sendable {
    private let engine: NIOLoopBound<PACEngine>
    private let ringer: NIOLoopBound<Ringer>?

    /// Rings a line with an incoming call (the simulated switch does; real lines cannot).
    public typealias Ringer = (_ line: Int, _ from: String, _ to: String) throws -> Void

    public init(engine: NIOLoopBound<PACEngine>, ringer: NIOLoopBound<Ringer>?) {
        self.engine = engine
        self.ringer = ringer
    }

    private func onLoop<T: Sendable>(_ body: @escaping @Sendable (PACEngine) throws -> T) async throws -> T {
        let engine = self.engine
        return try await engine.eventLoop.submit { try body(engine.value) }.get()
    }

    public func status() async throws -> EngineStatus { try await onLoop { $0.status() } }
    public func lines() async throws -> [LineStatus] { try await onLoop { $0.lineStatuses() } }
    public func calls() async throws -> [CallStatus] { try await onLoop { $0.callStatuses() } }
    public func peers() async throws -> [PeerStatus] { try await onLoop { $0.peerStatuses() } }

    public func hangUp(callID: UInt16) async throws {
        try await onLoop { engine in try engine.hangUp(callID: callID) }
    }

    public func setLine(_ id: Int, inService: Bool) async throws {
        try await onLoop { engine in try engine.setLine(id, inService: inService) }
    }

    public func ring(line: Int, from caller: String, to dialed: String) async throws {
        guard let ringer else { throw AdminError.refused("these lines cannot be rung from here (no simulated switch)") }
        try await ringer.eventLoop.submit { try ringer.value(line, caller, dialed) }.get()
    }
}
