import LineHAL
import NIOCore
import PPTPProtocol
import PPTPWire
import SimulatedLines
import Testing
@testable import PAC

/// Faults of issue 9 (docs/reliability.md "Faults"): a PNS that vanishes, a span or line that
/// fails under a call, a PAC that restarts. Each ends with no call, Call ID or line left over.
@Suite("Faults: vanished PNS, failed span or line, PAC restart")
struct FaultTests {
    /// No call, no Call ID, every line free and idle.
    func expectNothingLeft(_ pac: EngineHarness, _ comment: Comment? = nil) {
        #expect(pac.engine.calls.isEmpty && pac.engine.callIDs.inUseCount == 0, comment)
        #expect(pac.world.pool.lines.allSatisfy { $0.availability == .free }, comment)
        #expect(pac.world.lines.allSatisfy { $0.callState == .idle }, comment)
    }

    func connectedCalls(_ pns: PNSPeer, _ pac: EngineHarness, _ requests: [(UInt16, String, BearerType)]) -> Int {
        for (callID, number, bearer) in requests { pns.send(outgoingCallRequest(callID: callID, to: number, bearer: bearer)) }
        pac.advance(by: .seconds(20))
        return pns.received().compactMap(\.outgoingCallReply).filter { $0.resultCode == .connected }.count
    }

    @Test("§2.5 §3.1.4 a PNS that vanishes without FIN: Echo-Request after 60 s of silence, closed 60 s later, its calls cleared and lines freed")
    func vanishedPNS() throws {
        let pac = try EngineHarness()
        let pns = try pac.connectPNS()
        // Its last message (the second Outgoing-Call-Request) arrives at 0 s; then nothing,
        // not even a FIN: the host is gone.
        #expect(connectedCalls(pns, pac, [(1, "5550100", .analog), (2, "5551100", .digital)]) == 2)
        #expect(pac.engine.callIDs.inUseCount == 2)
        pac.advance(by: .seconds(41))  // 61 s of silence
        #expect(pns.received().contains { if case .echoRequest = $0 { true } else { false } })
        pac.advance(by: .seconds(58))  // 119 s: the Echo-Reply may still come
        #expect(pns.isOpen && pac.engine.calls.count == 2)
        pac.advance(by: .seconds(2))  // 121 s: 60 s after the Echo-Request
        #expect(!pns.isOpen)
        #expect(pac.engine.statistics.keepAliveFailures == 1)
        expectNothingLeft(pac)
    }

    @Test("an ISDN span that goes down: its calls get Call-Disconnect-Notify General Error PAC-Error, new calls No-Resource; back up, it carries calls again")
    func spanDown() throws {
        let pac = try EngineHarness()
        let pns = try pac.connectPNS()
        #expect(connectedCalls(pns, pac, [(1, "5551100", .digital), (2, "5551101", .digital)]) == 2)
        let span = pac.world.lines.filter { $0.id.rawValue >= 101 }
        #expect(span.count == 23, "the default T1 span")
        for channel in span { channel.failHardware("span 1: loss of signal") }
        let notifies = pns.received().compactMap { if case .callDisconnectNotify(let n) = $0 { n } else { nil } }
        #expect(notifies.count == 2)
        #expect(notifies.allSatisfy { $0.resultCode == .generalError && $0.errorCode == .pacError && $0.causeCode.rawValue == 41 })
        #expect(pac.engine.calls.isEmpty && pac.engine.callIDs.inUseCount == 0)
        #expect(pac.world.pool.lines.filter { if case .outOfService(.driverFailure) = $0.availability { true } else { false } }.count == 23)

        pns.send(outgoingCallRequest(callID: 3, to: "5551100", bearer: .digital))
        let refused = try #require(pns.received().compactMap(\.outgoingCallReply).first)
        #expect(refused.resultCode == .generalError && refused.errorCode == .noResource)

        for channel in span { channel.repairHardware() }
        expectNothingLeft(pac)
        #expect(connectedCalls(pns, pac, [(4, "5551100", .digital)]) == 1)
    }

    @Test("§3.2.4.1 a line that fails while dialing: Outgoing-Call-Reply General Error PAC-Error, the line out of service until it recovers, then it connects")
    func lineDropsDuringSetUp() throws {
        let pac = try EngineHarness(analogLines: 1)
        let pns = try pac.connectPNS()
        _ = pns.received()
        pns.send(outgoingCallRequest(callID: 1, to: "5550100", bearer: .analog))
        pac.advance(by: .milliseconds(200))
        let line = pac.line(1)
        guard case .dialing = line.callState else {
            Issue.record("line 1 is \(line.callState), not dialing")
            return
        }
        line.failHardware("modem reset")
        let reply = try #require(pns.received().compactMap(\.outgoingCallReply).first)
        #expect(reply.resultCode == .generalError && reply.errorCode == .pacError)
        #expect(pac.engine.calls.isEmpty && pac.engine.callIDs.inUseCount == 0)
        #expect(pac.world.pool.lines.first?.availability == .outOfService(.driverFailure("modem reset")))
        line.repairHardware()
        expectNothingLeft(pac)
        #expect(connectedCalls(pns, pac, [(2, "5550100", .analog)]) == 1)
    }

    @Test("§3.1.2 a PAC restart over TCP: the PNS gets Admin Shutdown per call and Stop-Local-Shutdown, replies, the connection closes; neither side keeps a call, Call ID or line")
    func restart() async throws {
        let pac = try await IncomingCallOverTCPTests.Running()
        let port = try #require(pac.server.localAddress?.port)
        let client = try await PNSClient.connect(host: "127.0.0.1", port: port, group: pac.group).get()
        var callIDs: [UInt16] = []
        for number in ["5550100", "5550101"] {
            let (callID, reply) = try await client.placeCall(.init(phoneNumber: number, bearerType: .analog)).get()
            #expect(reply.resultCode == .connected)
            callIDs.append(callID)
        }
        let engine = pac.engine
        try await pac.group.next().flatSubmit { engine.value.0.shutdown(grace: .seconds(30)) }.get()
        for callID in callIDs {
            #expect(try await client.disconnected(callID).get().resultCode == .adminShutdown)
        }
        let (core, pnsCallIDs) = try await client.leftovers.get()
        #expect(core.statistics.received(.stopControlConnectionRequest) == 1)
        #expect(core.statistics.sent(.stopControlConnectionReply) == 1, "a clean close: the Stop exchange, not a reset")
        #expect(core.isClosed && core.callCount == 0 && pnsCallIDs == 0)
        let (pacCalls, pacCallIDs, linesFree) = try await pac.group.next().submit {
            let (engine, world) = engine.value
            return (engine.calls.count, engine.callIDs.inUseCount, world.pool.lines.allSatisfy { $0.availability == .free })
        }.get()
        #expect(pacCalls == 0 && pacCallIDs == 0 && linesFree)
        try await pac.shutdown()
    }
}
