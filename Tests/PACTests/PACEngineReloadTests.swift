import LineHAL
import PPTPProtocol
import PPTPWire
import SimulatedLines
import Testing
@testable import PAC

@Suite("PAC engine: lines and PNS policy changed while it runs (SIGHUP reload)")
struct PACEngineReloadTests {
    @Test("§2.13 a removed line's call gets Call-Disconnect-Notify Admin Shutdown; the other call stays up")
    func retireClearsOnlyItsCall() throws {
        let pac = try EngineHarness()
        let pns = try pac.connectPNS()
        pns.send(outgoingCallRequest(callID: 1, to: "5550100", bearer: .analog))
        pns.send(outgoingCallRequest(callID: 2, to: "5550101", bearer: .analog))
        pac.advance(by: .seconds(20))
        let replies = pns.received().compactMap(\.outgoingCallReply)
        #expect(replies.map(\.resultCode) == [.connected, .connected])
        let busy = pac.world.pool.lines.filter { $0.availability == .inUse }.map(\.id)
        #expect(busy.count == 2)
        let (removed, kept) = (busy[0], busy[1])

        pac.engine.retire(removed)
        let messages = pns.received()
        guard messages.count == 1, case .callDisconnectNotify(let notify) = messages[0] else {
            Issue.record("expected one Call-Disconnect-Notify, got \(messages)")
            return
        }
        #expect(notify.resultCode == .adminShutdown)
        #expect(!pac.world.pool.lines.contains { $0.id == removed })
        #expect(pac.world.pool.lines.first { $0.id == kept }?.availability == .inUse)
        #expect(pac.engine.calls.count == 1, "the other call is untouched")
        #expect(pac.world.pool.huntGroups.first { $0.name == "analog" }.map { $0.free + $0.inUse + $0.outOfService } == 1)
    }

    @Test("a line adopted out of service takes calls once its driver reports it restored")
    func adoptOutOfService() throws {
        let pac = try EngineHarness()
        let extra = pac.world.network.makeModemLine(id: LineID(5001), modem: ModemProfile(
            modulation: .v90, minimumSpeed: 2400, maximumDownstreamSpeed: 56000, maximumUpstreamSpeed: 33600,
            trainUpMilliseconds: 30))
        try pac.engine.adopt(extra, outOfService: "initialising the modem on /dev/ttyUSB9")
        try pac.engine.setHuntGroup(HuntGroup(name: "modems", bearers: [.analog], numberPrefixes: ["555"], lines: [extra.id]))
        func availability() -> LineAvailability? { pac.world.pool.lines.first { $0.id == extra.id }?.availability }
        #expect(availability() == .outOfService(.driverFailure("initialising the modem on /dev/ttyUSB9")))
        pac.engine.line(extra, didReport: .restored)
        #expect(availability() == .free)

        let pns = try pac.connectPNS()
        _ = pns.received()
        pns.send(outgoingCallRequest(callID: 1, to: "5550100", bearer: .analog))
        pac.advance(by: .seconds(20))
        #expect(pns.received().compactMap(\.outgoingCallReply).map(\.resultCode) == [.connected])
        #expect(availability() == .inUse, "the longest prefix (the modem group's \"555\") is hunted first")
    }

    @Test("§2.2 a new allow-list refuses the next PNS outside it; an admitted PNS keeps its call")
    func allowListChange() throws {
        let pac = try EngineHarness()
        let (admitted, _) = try pac.connectedCall()
        pac.engine.setPNSPolicy(allowed: [IPv4Network("198.18.0.100/32")!], incomingRoutes: [], pnsPeers: [])
        let outsider = try pac.connectPNS(from: "198.18.0.2")
        guard case .startControlConnectionReply(let reply)? = outsider.received().first else {
            Issue.record("no SCCRP")
            return
        }
        #expect(reply.resultCode == .notAuthorized)
        pac.advance(by: .seconds(5))
        #expect(admitted.isOpen)
        #expect(!admitted.received().contains { if case .callDisconnectNotify = $0 { true } else { false } })
        #expect(pac.engine.calls.count == 1)
    }

    @Test("§4.4 new tunnel limits apply to the next call; a call that is up keeps its own")
    func tunnelChange() throws {
        let pac = try EngineHarness(withGRE: true)
        func acknowledgmentTimeouts() -> [Double] {
            pac.engine.callStatuses().compactMap { $0.tunnel?.acknowledgmentTimeoutMilliseconds }
        }
        let (first, _) = try pac.connectedCall(peerCallID: 3)
        #expect(acknowledgmentTimeouts() == [100])  // MinTimeOut, as nothing was acknowledged yet
        var tunnel = TunnelConfiguration()
        tunnel.minimumAcknowledgmentTimeout = .milliseconds(700)
        pac.engine.setTunnel(tunnel)
        let (second, _) = try pac.connectedCall(peerCallID: 4)
        #expect(acknowledgmentTimeouts() == [100, 700])
        #expect(first.isOpen && second.isOpen)
    }
}
