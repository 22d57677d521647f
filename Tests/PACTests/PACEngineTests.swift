import HDLC
import LineHAL
import NIOCore
import PPTPProtocol
import PPTPWire
import SimulatedLines
import Testing
@testable import PAC

@Suite("PAC engine: PPTP calls on simulated lines (RFC 2637 §3.2)")
struct PACEngineTests {
    @Test("§2.2 a PNS is admitted and told the capabilities and channels of the line pool")
    func admitted() throws {
        let pac = try EngineHarness()
        let pns = try pac.connectPNS()
        guard case .startControlConnectionReply(let reply)? = pns.received().first else {
            Issue.record("no SCCRP")
            return
        }
        #expect(reply.resultCode == .successful && reply.hostName == "pac.test")
        #expect(reply.maximumChannels == 2 + 23, "two modems and a T1 span's B-channels")
        #expect(reply.framingCapabilities == [.asynchronous, .synchronous] && reply.bearerCapabilities == [.analog, .digital])
    }

    @Test("§2.2 a PNS outside the allow-list gets result 4 and is disconnected")
    func allowList() throws {
        let pac = try EngineHarness { $0.allowedPNS = [IPv4Network("198.18.0.0/30")!] }
        let outsider = try pac.connectPNS(from: "198.18.1.9")
        guard case .startControlConnectionReply(let reply)? = outsider.received().first else {
            Issue.record("no SCCRP")
            return
        }
        #expect(reply.resultCode == .notAuthorized)
        #expect(!outsider.isOpen)
        let insider = try pac.connectPNS(from: "198.18.0.2")
        #expect(insider.isOpen)
    }

    @Test("§3.2.4.1 an echo number connects: Outgoing-Call-Reply Connected with the modem's speed and channel")
    func outgoingConnects() throws {
        let pac = try EngineHarness()
        let pns = try pac.connectPNS()
        _ = pns.received()
        pns.send(outgoingCallRequest(callID: 77, to: "5550100"))
        #expect(pns.received().isEmpty, "the reply waits for the line")
        pac.advance(by: .seconds(20))
        let reply = try #require(pns.received().compactMap(\.outgoingCallReply).first)
        #expect(reply.resultCode == .connected && reply.peerCallID == 77)
        #expect(reply.connectSpeed >= 2400 && reply.connectSpeed <= 56000)
        #expect(reply.physicalChannelID == 1)
        #expect(pac.line(1).callState != .idle)
    }

    @Test("§3.2.4.1 busy, no answer and rejected numbers give Busy, Time-out and Do Not Accept with Q.931 causes",
          arguments: [("5550200", OutgoingCallResult.busy, UInt16(17)), ("5550201", .timeOut, 19), ("5550202", .doNotAccept, 21)])
    func outgoingFails(number: String, result: OutgoingCallResult, cause: UInt16) throws {
        let pac = try EngineHarness()
        let pns = try pac.connectPNS()
        _ = pns.received()
        pns.send(outgoingCallRequest(callID: 5, to: number))
        pac.advance(by: .seconds(30))
        let reply = try #require(pns.received().compactMap(\.outgoingCallReply).first)
        #expect(reply.resultCode == result && reply.causeCode.rawValue == cause && reply.peerCallID == 5)
        #expect(pac.world.pool.lines.allSatisfy { $0.availability == .free }, "the line is back in the pool")
    }

    @Test("§3.2.4.1 an empty phone number is refused with Bad-Value unless a default number is set")
    func emptyNumber() throws {
        let refusing = try EngineHarness()
        let pns = try refusing.connectPNS()
        _ = pns.received()
        pns.send(outgoingCallRequest(callID: 9, to: ""))
        let reply = try #require(pns.received().compactMap(\.outgoingCallReply).first)
        #expect(reply.resultCode == .generalError && reply.errorCode == .badValue)

        let defaulting = try EngineHarness { $0.defaultPhoneNumber = "5550150" }
        let other = try defaulting.connectPNS()
        _ = other.received()
        other.send(outgoingCallRequest(callID: 9, to: ""))
        defaulting.advance(by: .seconds(20))
        #expect(other.received().compactMap(\.outgoingCallReply).first?.resultCode == .connected)
    }

    @Test("a line whose driver recovers returns to the pool; a line an operator took down stays down")
    func driverRecovery() throws {
        let pac = try EngineHarness(analogLines: 2)
        let failing = pac.line(1)
        func availability(_ line: SimulatedLine) -> LineAvailability? {
            pac.world.pool.lines.first { $0.id == line.id }?.availability
        }
        failing.failHardware("UART gone")
        #expect(availability(failing) == .outOfService(.driverFailure("UART gone")))
        failing.repairHardware()
        #expect(availability(failing) == .free)
        let down = pac.line(2)
        try pac.world.pool.takeOutOfService(down.id, reason: .administrativelyDown)
        pac.engine.line(down, didReport: .restored)
        #expect(availability(down) == .outOfService(.administrativelyDown))
    }

    @Test("§2.16 with every line busy the PAC answers General Error No-Resource, cause 34")
    func poolExhausted() throws {
        let pac = try EngineHarness(analogLines: 1)
        let pns = try pac.connectPNS()
        _ = pns.received()
        pns.send(outgoingCallRequest(callID: 1, to: "5550100", bearer: .analog))
        pns.send(outgoingCallRequest(callID: 2, to: "5550101", bearer: .analog))
        let reply = try #require(pns.received().compactMap(\.outgoingCallReply).first)
        #expect(reply.peerCallID == 2 && reply.resultCode == .generalError && reply.errorCode == .noResource)
        #expect(reply.causeCode.rawValue == 34)
    }

    @Test("§3.2.4.1 Call-Clear-Request hangs the line up; Call-Disconnect-Notify says Request, cause 16, statistics")
    func clear() throws {
        let pac = try EngineHarness()
        let (pns, reply) = try pac.connectedCall()
        pns.send(.callClearRequest(CallClearRequest(callID: 3)))
        guard case .callDisconnectNotify(let notify)? = pns.received().first else {
            Issue.record("no CDN")
            return
        }
        #expect(notify.callID == reply.callID && notify.resultCode == .request && notify.causeCode.rawValue == 16)
        #expect(notify.callStatistics.hasPrefix("tx "))
        #expect(pac.line(1).callState == .idle)
        #expect(pac.world.pool.lines.allSatisfy { $0.availability == .free })
    }

    @Test("§2.13 carrier loss on the line gives Call-Disconnect-Notify Lost Carrier")
    func carrierLoss() throws {
        let pac = try EngineHarness()
        let (pns, _) = try pac.connectedCall()
        pac.line(1).impairments = Impairments(carrierLoss: pac.loop.now + .seconds(1))
        pac.advance(by: .seconds(2))
        guard case .callDisconnectNotify(let notify)? = pns.received().first else {
            Issue.record("no CDN")
            return
        }
        #expect(notify.resultCode == .lostCarrier)
    }

    @Test("§2.15 Set-Link-Info sets the ACCM of the call's line")
    func setLinkInfo() throws {
        let pac = try EngineHarness()
        let (pns, reply) = try pac.connectedCall()
        pns.send(.setLinkInfo(SetLinkInfo(peerCallID: reply.callID, sendACCM: 0, receiveACCM: 0x000A_0000)))
        #expect(pac.line(1).accm == ACCM(send: 0, receive: 0x000A_0000))
    }

    @Test("§2.14 bit errors on the line reach the PNS as WAN-Error-Notify CRC errors")
    func wanErrorNotify() throws {
        let pac = try EngineHarness()
        let (pns, _) = try pac.connectedCall()
        pac.sendThroughBitErrors(on: 1)
        let notify = pns.received().compactMap { if case .wanErrorNotify(let n) = $0 { n } else { nil } }
        #expect(notify.count == 1, "at most one per 60 s")
        #expect((notify.first?.crcErrors ?? 0) > 0)
        #expect(notify.first?.peerCallID == 3)
    }

    @Test("§3.2.3.1 a ringing line is offered to the PNS; accepting answers it and sends Incoming-Call-Connected")
    func incomingAccepted() throws {
        let pac = try EngineHarness()
        let pns = try pac.connectPNS()
        _ = pns.received()
        try pac.world.network.ring(pac.line(2), from: "5550150", dialed: "5559000")
        guard case .incomingCallRequest(let request)? = pns.received().first else {
            Issue.record("no ICRQ")
            return
        }
        #expect(request.dialingNumber == "5550150" && request.dialedNumber == "5559000")
        #expect(request.bearerType == .analog && request.physicalChannelID == 2)
        pns.send(.incomingCallReply(IncomingCallReply(
            callID: 40, peerCallID: request.callID, resultCode: .connect, packetReceiveWindowSize: 4, packetTransmitDelay: 0)))
        pac.advance(by: .seconds(20))
        guard case .incomingCallConnected(let connected)? = pns.received().first else {
            Issue.record("no ICCN")
            return
        }
        #expect(connected.peerCallID == 40 && connected.framingType == .asynchronous && connected.connectSpeed > 0)
    }

    @Test("§3.2.3.1 a refused incoming call is rejected on the line, which is free again")
    func incomingRefused() throws {
        let pac = try EngineHarness()
        let pns = try pac.connectPNS()
        _ = pns.received()
        try pac.world.network.ring(pac.line(2), from: "5550150", dialed: "5559000")
        guard case .incomingCallRequest(let request)? = pns.received().first else { return }
        pns.send(.incomingCallReply(IncomingCallReply(
            callID: 0, peerCallID: request.callID, resultCode: .doNotAccept, packetReceiveWindowSize: 0, packetTransmitDelay: 0)))
        #expect(pac.line(2).callState == .idle)
        #expect(pac.world.pool.lines.allSatisfy { $0.availability == .free })
    }

    @Test("an incoming call with no PNS connected is rejected on the line")
    func incomingWithoutPNS() throws {
        let pac = try EngineHarness()
        try pac.world.network.ring(pac.line(2), from: "5550150", dialed: "5559000")
        #expect(pac.line(2).callState == .idle)
        #expect(pac.engine.statistics.incomingCallsRejected == 1)
    }

    @Test("a PNS whose TCP connection drops loses its calls and lines; another PNS's call is untouched")
    func connectionDrop() throws {
        let pac = try EngineHarness()
        let first = try pac.connectPNS(from: "198.18.0.2")
        let second = try pac.connectPNS(from: "198.18.0.6")
        first.send(outgoingCallRequest(callID: 1, to: "5550100", bearer: .analog))
        second.send(outgoingCallRequest(callID: 1, to: "5550101", bearer: .analog))
        pac.advance(by: .seconds(20))
        _ = first.received()
        _ = second.received()
        #expect(pac.world.pool.lines.filter { $0.availability == .inUse }.count == 2)
        first.close()
        #expect(pac.world.pool.lines.filter { $0.availability == .inUse }.count == 1)
        #expect(pac.engine.callIDs.inUseCount == 1, "the dropped PNS's Call ID is free")
        #expect(pac.line(1).callState == .idle || pac.line(2).callState == .idle)
        #expect(second.isOpen)
    }

    @Test("§3.1.2 shutdown: Call-Disconnect-Notify Admin Shutdown, then Stop-Control-Connection-Request")
    func shutdown() throws {
        let pac = try EngineHarness()
        let pns = try pac.connectPNS()
        pns.send(outgoingCallRequest(callID: 1, to: "5550100"))
        pac.advance(by: .seconds(20))
        _ = pns.received()
        _ = pac.engine.shutdown()
        let messages = pns.received()
        #expect(messages.count == 2)
        #expect(messages.first.map { if case .callDisconnectNotify(let n) = $0 { n.resultCode == .adminShutdown } else { false } } == true)
        #expect(messages.last == .stopControlConnectionRequest(StopControlConnectionRequest(reason: .stopLocalShutdown)))
        #expect(pac.line(1).callState == .idle)
    }
}
