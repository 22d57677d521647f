import NIOCore
import PPTPWire
import Testing
@testable import PPTPProtocol

@Suite("RFC 2637 §3.1 control connection set-up, keep-alive and stop")
struct ControlConnectionSetupTests {
    @Test("§3.1.2 a receiver admits a request and replies with its identity and capabilities")
    func receiverEstablishes() throws {
        var pac = Harness(role: .pac, origin: .receiver)
        let first = pac.receive(.startControlConnectionRequest(Messages.startRequest()))
        #expect(first.events == [.admissionRequested(Messages.startRequest())])
        #expect(first.sent.isEmpty, "nothing is sent before admission is decided")
        let actions = pac.connection.admit(.accept, now: pac.now)
        guard case .startControlConnectionReply(let reply)? = actions.sent.first else {
            Issue.record("no reply: \(actions)")
            return
        }
        #expect(reply.resultCode == .successful && reply.protocolVersion == 0x0100)
        #expect(reply.hostName == "pac.test" && reply.maximumChannels == 96)
        #expect(actions.events.first.map { if case .established = $0 { true } else { false } } == true)
        #expect(pac.connection.isEstablished)
        #expect(pac.connection.peer?.hostName == "pns.peer")
    }

    @Test("§3.1.2 an earlier protocol version gets result 5 and the connection closes")
    func unsupportedVersion() {
        var pac = Harness(role: .pac, origin: .receiver)
        let actions = pac.receive(.startControlConnectionRequest(Messages.startRequest(version: 0x00FF)))
        #expect(actions.sent == [.startControlConnectionReply(pac.connection.startReply(.unsupportedProtocolVersion))])
        #expect(actions.closeReason == .unsupportedVersion(0x00FF))
    }

    @Test("§3.1.2 a later protocol version is answered with ours")
    func laterVersion() {
        var pac = Harness(role: .pac, origin: .receiver)
        _ = pac.receive(.startControlConnectionRequest(Messages.startRequest(version: 0x0200)))
        let actions = pac.connection.admit(.accept, now: pac.now)
        guard case .startControlConnectionReply(let reply)? = actions.sent.first else {
            Issue.record("no reply: \(actions)")
            return
        }
        #expect(reply.protocolVersion == 0x0100)
        #expect(pac.connection.peer?.protocolVersion == 0x0100)
    }

    @Test("§2.2 a peer outside the allow-list gets result 4 and the connection closes")
    func notAuthorized() {
        var pac = Harness(role: .pac, origin: .receiver)
        _ = pac.receive(.startControlConnectionRequest(Messages.startRequest()))
        let actions = pac.connection.admit(.refuse(.notAuthorized), now: pac.now)
        #expect(actions.sent == [.startControlConnectionReply(pac.connection.startReply(.notAuthorized))])
        #expect(actions.closeReason == .refusedPeer(.notAuthorized))
    }

    @Test("§3.1.4 (1) a connection without Start-Control-Connection-Request closes after 60 s")
    func setupTimeout() {
        var pac = Harness(role: .pac, origin: .receiver)
        #expect(pac.advance(by: .milliseconds(59_999)).isEmpty)
        #expect(pac.advance(by: .milliseconds(1)).closeReason == .setupTimedOut)
        #expect(pac.connection.nextDeadline == nil)
    }

    @Test("§3.1.4 (1) an originator without Start-Control-Connection-Reply closes after 60 s")
    func originatorSetupTimeout() {
        var pns = Harness(role: .pns, origin: .originator)
        let start = pns.connection.connected(now: pns.now)
        #expect(start.sent == [.startControlConnectionRequest(pns.connection.startRequest)])
        #expect(pns.advance(by: .seconds(60)).closeReason == .setupTimedOut)
    }

    @Test("§3.1.1 an originator is established by a successful reply, and closes on a refusal")
    func originator() {
        let pns = Harness.establishedPNS()
        #expect(pns.connection.isEstablished)
        #expect(pns.connection.peer?.maximumChannels == 8)

        var refused = Harness(role: .pns, origin: .originator)
        _ = refused.connection.connected(now: refused.now)
        let actions = refused.receive(.startControlConnectionReply(Messages.startReply(.notAuthorized)))
        #expect(actions.closeReason == .refusedByPeer(.notAuthorized, .none))
    }

    @Test("§3.1.1 a reply with an earlier, unsupported version gets Stop-Protocol")
    func originatorEarlierVersion() {
        var pns = Harness(role: .pns, origin: .originator)
        _ = pns.connection.connected(now: pns.now)
        let actions = pns.receive(.startControlConnectionReply(Messages.startReply(version: 0x0001)))
        #expect(actions.sent == [.stopControlConnectionRequest(StopControlConnectionRequest(reason: .stopProtocol))])
        #expect(pns.receive(.stopControlConnectionReply(StopControlConnectionReply(resultCode: .ok))).closeReason
            == .stopped(.stopProtocol))
    }

    @Test("§3.1.3 the higher IP address wins a collision")
    func collisionRule() {
        // 192.33.45.89 beats 192.33.45.17, as in the RFC's example.
        #expect(StartCollision(localIPv4: 0xC021_2D59, peerIPv4: 0xC021_2D11) == .weWin)
        #expect(StartCollision(localIPv4: 0xC021_2D11, peerIPv4: 0xC021_2D59) == .peerWins)
        #expect(StartCollision(localIPv4: 0x0A00_0001, peerIPv4: 0x0900_00FF) == .weWin, "network number more significant")
    }

    @Test("§3.1.3 the winner sends nothing on the loser's connection; the loser closes its own silently")
    func collisionBehaviour() {
        var winner = Harness(role: .pac, origin: .receiver)
        _ = winner.receive(.startControlConnectionRequest(Messages.startRequest()))
        #expect(winner.connection.admit(StartCollision.weWin.admission, now: winner.now).isEmpty)
        #expect(winner.receive(.echoRequest(EchoRequest(identifier: 1))).isEmpty, "nothing is ever sent on it")

        var loser = Harness(role: .pns, origin: .originator)
        _ = loser.connection.connected(now: loser.now)
        let actions = loser.connection.collisionLost()
        #expect(actions.sent.isEmpty && actions.closeReason == .collisionLost)
    }

    @Test("§3.1.4 (2) Echo-Request after 60 s of silence; the reply keeps the connection")
    func keepAliveAnswered() throws {
        var pac = Harness.establishedPAC()
        #expect(pac.advance(by: .seconds(59)).isEmpty)
        let echo = pac.advance(by: .seconds(1))
        guard case .echoRequest(let request)? = echo.sent.first else {
            Issue.record("no Echo-Request: \(echo)")
            return
        }
        _ = pac.advance(by: .seconds(30))
        _ = pac.receive(.echoReply(EchoReply(identifier: request.identifier)))
        #expect(pac.advance(by: .seconds(59)).isEmpty)
        #expect(pac.connection.isEstablished)
    }

    @Test("§3.1.4 (2) without an Echo-Reply 60 s after the request, the connection closes")
    func keepAliveTimesOut() {
        var pac = Harness.establishedPAC()
        let callID = pac.establishOutgoingCall(peerCallID: 5)
        _ = pac.advance(by: .seconds(60))
        _ = pac.receive(.setLinkInfo(SetLinkInfo(peerCallID: callID, sendACCM: 0, receiveACCM: 0)))
        let actions = pac.advance(by: .seconds(60))
        #expect(actions.closeReason == .keepAliveTimedOut, "other messages do not stand in for the Echo-Reply")
        #expect(actions.released == [callID: .controlConnectionClosed])
    }

    @Test("§3.1.4 (2) any control message restarts the 60 s of silence")
    func messagesDeferKeepAlive() {
        var pac = Harness.establishedPAC()
        _ = pac.advance(by: .seconds(50))
        _ = pac.receive(.echoRequest(EchoRequest(identifier: 3)))
        #expect(pac.advance(by: .seconds(59)).sent.isEmpty)
        #expect(pac.advance(by: .seconds(1)).sent.count == 1)
    }

    @Test("§2.5 Echo-Request is answered with its Identifier; before establishment with Not-Connected")
    func echo() {
        var pac = Harness(role: .pac, origin: .receiver)
        let early = pac.receive(.echoRequest(EchoRequest(identifier: 77)))
        #expect(early.sent == [.echoReply(EchoReply(identifier: 77, resultCode: .generalError, errorCode: .notConnected))])
        #expect(early.violations.map(\.kind) == [.notAllowedInState])

        var established = Harness.establishedPAC()
        #expect(established.receive(.echoRequest(EchoRequest(identifier: 78))).sent == [.echoReply(EchoReply(identifier: 78))])
    }

    @Test("§2.16 Outgoing-Call-Request before establishment gets General Error Not-Connected")
    func callBeforeEstablished() {
        var pac = Harness(role: .pac, origin: .receiver)
        let actions = pac.receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: 4)))
        #expect(actions.sent == [.outgoingCallReply(pac.connection.outgoingCallFailure(peerCallID: 4, .generalError, error: .notConnected))])
    }

    @Test("§2.2 a second Start-Control-Connection-Request gets result 3, the connection stays")
    func duplicateStart() {
        var pac = Harness.establishedPAC()
        let actions = pac.receive(.startControlConnectionRequest(Messages.startRequest()))
        #expect(actions.sent == [.startControlConnectionReply(pac.connection.startReply(.channelAlreadyExists))])
        #expect(pac.connection.isEstablished)
    }

    @Test("§3.1.1 Stop-Control-Connection-Request is answered OK, its calls released, TCP closed")
    func peerStops() {
        var pac = Harness.establishedPAC()
        let callID = pac.establishOutgoingCall(peerCallID: 9)
        let actions = pac.receive(.stopControlConnectionRequest(StopControlConnectionRequest(reason: .none)))
        #expect(actions.sent == [.stopControlConnectionReply(StopControlConnectionReply(resultCode: .ok))])
        #expect(actions.released == [callID: .controlConnectionClosed])
        #expect(actions.closeReason == .stopped(.none))
    }

    @Test("§3.1.2 local shutdown: Call-Disconnect-Notify Admin Shutdown per call, then Stop-Local-Shutdown")
    func localShutdown() {
        var pac = Harness.establishedPAC()
        let first = pac.establishOutgoingCall(peerCallID: 1)
        let second = pac.establishOutgoingCall(peerCallID: 2)
        let actions = pac.connection.stop(reason: .stopLocalShutdown, disconnectResult: .adminShutdown, now: pac.now)
        #expect(actions.sent == [
            .callDisconnectNotify(CallDisconnectNotify(callID: first, resultCode: .adminShutdown)),
            .callDisconnectNotify(CallDisconnectNotify(callID: second, resultCode: .adminShutdown)),
            .stopControlConnectionRequest(StopControlConnectionRequest(reason: .stopLocalShutdown)),
        ])
        #expect(actions.released == [first: .disconnected(.adminShutdown), second: .disconnected(.adminShutdown)])
        #expect(pac.connection.callCount == 0)
        #expect(pac.advance(by: .seconds(60)).closeReason == .stopReplyTimedOut)
    }

    @Test("§3.2.4.1 local shutdown while a call is dialing: Outgoing-Call-Reply General Error (PAC-Error), not Call-Disconnect-Notify")
    func localShutdownWhileDialing() {
        var pac = Harness.establishedPAC()
        let connected = pac.establishOutgoingCall(peerCallID: 1)
        let requested = pac.receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: 2)))
        guard case .outgoingCallRequested(let dialing, _)? = requested.events.first else {
            Issue.record("no outgoing call requested: \(requested)")
            return
        }
        let actions = pac.connection.stop(reason: .stopLocalShutdown, disconnectResult: .adminShutdown, now: pac.now)
        #expect(actions.sent.count == 3)
        #expect(actions.sent.first == .callDisconnectNotify(CallDisconnectNotify(callID: connected, resultCode: .adminShutdown)))
        guard case .outgoingCallReply(let reply)? = actions.sent.dropFirst().first else {
            Issue.record("no Outgoing-Call-Reply for the dialing call: \(actions.sent)")
            return
        }
        #expect(reply.peerCallID == 2 && reply.resultCode == .generalError && reply.errorCode == .pacError)
        #expect(actions.sent.last == .stopControlConnectionRequest(StopControlConnectionRequest(reason: .stopLocalShutdown)))
        #expect(actions.released == [connected: .disconnected(.adminShutdown), dialing: .notEstablished])
    }

    @Test("§3.1.1 wait_stop_reply: the reply closes the connection")
    func stopReply() {
        var pns = Harness.establishedPNS()
        _ = pns.connection.stop(reason: .none, now: pns.now)
        #expect(pns.receive(.stopControlConnectionReply(StopControlConnectionReply(resultCode: .ok))).closeReason == .stopped(.none))
    }

    @Test("a dropped TCP connection releases every call")
    func transportClosed() {
        var pac = Harness.establishedPAC()
        let a = pac.establishOutgoingCall(peerCallID: 1)
        let b = pac.establishOutgoingCall(peerCallID: 2)
        #expect(pac.connection.transportClosed().released == [a: .controlConnectionClosed, b: .controlConnectionClosed])
        #expect(pac.connection.isClosed && pac.connection.nextDeadline == nil)
    }
}
