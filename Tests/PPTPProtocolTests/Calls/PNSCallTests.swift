import NIOCore
import PPTPWire
import Testing
@testable import PPTPProtocol

@Suite("RFC 2637 §3.2 PNS call states")
struct PNSCallTests {
    @Test("§3.2.4.2 Outgoing-Call-Request → Connected reply → established → Call-Clear-Request → Call-Disconnect-Notify")
    func outgoingLifecycle() throws {
        var pns = Harness.establishedPNS()
        let placed = pns.connection.placeOutgoingCall(.init(phoneNumber: "5550100"), now: pns.now, callIDs: &pns.callIDs)
        let callID = try #require(placed.callID)
        guard case .outgoingCallRequest(let request)? = placed.actions.sent.first else {
            Issue.record("no OCRQ")
            return
        }
        #expect(request.callID == callID && request.phoneNumber == "5550100" && request.packetReceiveWindowSize == 32)
        let reply = OutgoingCallReply(
            callID: 600, peerCallID: callID, resultCode: .connected, connectSpeed: 56000, packetReceiveWindowSize: 3,
            packetProcessingDelay: 0, physicalChannelID: 2)
        #expect(pns.receive(.outgoingCallReply(reply)).events == [.outgoingCallReplied(callID: callID, reply)])
        #expect(pns.connection.isCallEstablished(callID) && pns.connection.peerCallID(of: callID) == 600)
        #expect(pns.connection.clearCall(callID, now: pns.now).sent == [.callClearRequest(CallClearRequest(callID: callID))])
        let notify = CallDisconnectNotify(callID: 600, resultCode: .request, causeCode: CauseCode(rawValue: 16))
        let done = pns.receive(.callDisconnectNotify(notify))
        #expect(done.events == [.callDisconnectNotified(callID: callID, notify), .callReleased(callID: callID, .disconnected(.request))])
    }

    @Test("§3.2.4.2 a failed Outgoing-Call-Reply returns the call to idle")
    func outgoingFailed() throws {
        var pns = Harness.establishedPNS()
        let callID = try #require(pns.connection.placeOutgoingCall(.init(phoneNumber: "5550200"), now: pns.now, callIDs: &pns.callIDs).callID)
        let reply = OutgoingCallReply(
            callID: 0, peerCallID: callID, resultCode: .busy, causeCode: CauseCode(rawValue: 17), connectSpeed: 0,
            packetReceiveWindowSize: 0, packetProcessingDelay: 0, physicalChannelID: 0)
        #expect(pns.receive(.outgoingCallReply(reply)).released == [callID: .notEstablished])
    }

    @Test("§3.2.1 no Outgoing-Call-Reply within a minute closes the control connection")
    func outgoingStalls() throws {
        var pns = Harness.establishedPNS()
        let callID = try #require(pns.connection.placeOutgoingCall(.init(phoneNumber: "5550201"), now: pns.now, callIDs: &pns.callIDs).callID)
        #expect(pns.advance(by: .seconds(60)).closeReason == .callTransitionTimedOut(callID: callID))
    }

    @Test("§3.2.3.2 Incoming-Call-Request → accept → Incoming-Call-Connected → established")
    func incomingLifecycle() throws {
        var pns = Harness.establishedPNS()
        let request = IncomingCallRequest(
            callID: 700, callSerialNumber: 3, bearerType: .analog, physicalChannelID: 9, dialedNumber: "5550100", dialingNumber: "5559999")
        let offered = pns.receive(.incomingCallRequest(request))
        guard case .incomingCallOffered(let callID, let got)? = offered.events.first else {
            Issue.record("no offer: \(offered)")
            return
        }
        #expect(got == request)
        let answer = pns.connection.answerIncomingCall(callID, result: .connect, now: pns.now)
        #expect(answer.sent == [.incomingCallReply(pns.connection.incomingCallReply(peerCallID: 700, callID: callID, .connect))])
        let connected = IncomingCallConnected(peerCallID: callID, connectSpeed: 33600, packetReceiveWindowSize: 4, packetTransmitDelay: 0, framingType: .asynchronous)
        #expect(pns.receive(.incomingCallConnected(connected)).events == [.incomingCallConnected(callID: callID, connected)])
        #expect(pns.connection.isCallEstablished(callID))
        #expect(pns.connection.sendLinkInfo(callID, sendACCM: 0, receiveACCM: 0).sent == [
            .setLinkInfo(SetLinkInfo(peerCallID: 700, sendACCM: 0, receiveACCM: 0))
        ])
    }

    @Test("§3.2.3.2 a PAC's Call-Disconnect-Notify in Wait-Connect ends the call")
    func incomingNotConnected() throws {
        var pns = Harness.establishedPNS()
        let request = IncomingCallRequest(callID: 701, callSerialNumber: 1, bearerType: .analog, physicalChannelID: 0, dialedNumber: "1", dialingNumber: "2")
        guard case .incomingCallOffered(let callID, _)? = pns.receive(.incomingCallRequest(request)).events.first else { return }
        _ = pns.connection.answerIncomingCall(callID, result: .connect, now: pns.now)
        let actions = pns.receive(.callDisconnectNotify(CallDisconnectNotify(callID: 701, resultCode: .lostCarrier)))
        #expect(actions.released == [callID: .disconnected(.lostCarrier)])
    }

    @Test("§2.14 WAN-Error-Notify reaches the PNS engine for its call")
    func wanErrors() throws {
        var pns = Harness.establishedPNS()
        let callID = try #require(pns.connection.placeOutgoingCall(.init(phoneNumber: "1"), now: pns.now, callIDs: &pns.callIDs).callID)
        let notify = WANErrorNotify(peerCallID: callID, crcErrors: 1)
        #expect(pns.receive(.wanErrorNotify(notify)).events == [.wanErrorNotified(callID: callID, notify)])
    }

    @Test("§2.7 an Outgoing-Call-Request sent to a PNS gets Do Not Accept")
    func outgoingCallRequestToPNS() {
        var pns = Harness.establishedPNS()
        let actions = pns.receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: 3)))
        #expect(actions.sent == [.outgoingCallReply(pns.connection.outgoingCallFailure(peerCallID: 3, .doNotAccept))])
        #expect(actions.violations.map(\.kind) == [.wrongRole])
    }
}
