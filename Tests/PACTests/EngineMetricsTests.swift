import NIOCore
import PPTPWire
import SimulatedLines
import Testing
@testable import PAC

/// What `GET /metrics` reads: the engine's counters and levels in one snapshot, in virtual time.
@Suite("Engine metrics snapshot")
struct EngineMetricsTests {
    @Test("calls by the result the PNS was told, disconnects by result, calls and lines now")
    func callResults() throws {
        let pac = try EngineHarness(analogLines: 4)
        let pns = try pac.connectPNS()
        for (callID, number) in [(5, "5550200"), (6, "5550201"), (7, "5550202")] {
            pns.send(outgoingCallRequest(callID: UInt16(callID), to: number))
        }
        pac.advance(by: .seconds(30))
        let (_, reply) = try pac.connectedCall(peerCallID: 8)
        var snapshot = pac.engine.metricsSnapshot()
        #expect(snapshot.statistics.outgoingCallResults == ["busy": 1, "time_out": 1, "do_not_accept": 1, "connected": 1])
        #expect(snapshot.activeCalls == ["outgoing": 1, "incoming": 0])
        #expect(snapshot.lines == ["free": 26, "in_use": 1, "out_of_service": 0])
        #expect(snapshot.connectionsEstablished == 2 && snapshot.connectionsSettingUp == 0)

        let line = try #require(pac.world.lines.first { $0.callState != .idle })
        line.impairments = Impairments(carrierLoss: pac.loop.now + .seconds(1))
        pac.advance(by: .seconds(2))
        snapshot = pac.engine.metricsSnapshot()
        #expect(snapshot.statistics.disconnectResults == ["lost_carrier": 1], "call \(reply.callID)")
        #expect(snapshot.activeCalls["outgoing"] == 0 && snapshot.lines["free"] == 27)
        #expect(snapshot.lineErrors.timeouts == 1, "the carrier loss counts one time-out, kept after the call ended")
    }

    @Test("§3.1.4 a PNS that never answers Echo-Request counts as a keep-alive failure")
    func keepAliveFailure() throws {
        let pac = try EngineHarness()
        let pns = try pac.connectPNS()
        _ = pns.received()
        pac.advance(by: .seconds(61))
        #expect(pns.received().contains { if case .echoRequest = $0 { true } else { false } })
        pac.advance(by: .seconds(61))
        let snapshot = pac.engine.metricsSnapshot()
        #expect(snapshot.statistics.keepAliveFailures == 1 && !pns.isOpen)
        #expect(snapshot.connectionsEstablished == 0 && snapshot.connectionsSettingUp == 0)
    }
}
