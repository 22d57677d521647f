import NIOCore
import PPTPWire
import Testing
@testable import PPTPProtocol

@Suite("RFC 2637 §3.2 PAC call states")
struct PACCallTests {
    @Test("§3.2.4.1 Outgoing-Call-Request → dial → Outgoing-Call-Reply Connected with speed, channel and window")
    func outgoingConnected() throws {
        var pac = Harness.establishedPAC()
        let actions = pac.receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: 0x4242)))
        guard case .outgoingCallRequested(let callID, let request)? = actions.events.first else {
            Issue.record("no dial request: \(actions)")
            return
        }
        #expect(request.phoneNumber == "5550100")
        #expect(actions.sent.isEmpty, "the reply waits for the line's outcome")
        let reply = pac.connection.outgoingCallConnected(callID, connectSpeed: 49333, physicalChannelID: 12, now: pac.now)
        #expect(reply.sent == [
            .outgoingCallReply(
                OutgoingCallReply(
                    callID: callID, peerCallID: 0x4242, resultCode: .connected, connectSpeed: 49333,
                    packetReceiveWindowSize: 32, packetProcessingDelay: 0, physicalChannelID: 12))
        ])
        #expect(pac.connection.isCallEstablished(callID))
        #expect(pac.connection.peerCallID(of: callID) == 0x4242)
    }

    @Test("§3.2.4.1 an incomplete call is answered with its result and Q.931 cause, and released")
    func outgoingFailed() {
        var pac = Harness.establishedPAC()
        let actions = pac.receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: 3)))
        guard case .outgoingCallRequested(let callID, _)? = actions.events.first else { return }
        let reply = pac.connection.outgoingCallFailed(callID, result: .busy, cause: CauseCode(rawValue: 17), now: pac.now)
        #expect(reply.sent == [.outgoingCallReply(pac.connection.outgoingCallFailure(peerCallID: 3, .busy, cause: CauseCode(rawValue: 17)))])
        #expect(reply.released == [callID: .notEstablished])
        #expect(pac.connection.callCount == 0)
    }

    @Test("§3.2.4.1 an outgoing call not completed in time gets Time-out and is released")
    func outgoingTimeout() {
        var pac = Harness.establishedPAC()
        let actions = pac.receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: 3)))
        guard case .outgoingCallRequested(let callID, _)? = actions.events.first else { return }
        let expired = pac.advance(by: .seconds(60))
        #expect(expired.sent.contains(.outgoingCallReply(pac.connection.outgoingCallFailure(peerCallID: 3, .timeOut))))
        #expect(expired.released == [callID: .notEstablished])
        #expect(pac.connection.outgoingCallConnected(callID, connectSpeed: 1, physicalChannelID: 1, now: pac.now).isEmpty,
                "a late connect after the time-out sends nothing")
    }

    @Test("§3.2.2 a PNS reusing a Call ID in use gets General Error Bad-Call ID")
    func duplicatePeerCallID() {
        var pac = Harness.establishedPAC()
        _ = pac.establishOutgoingCall(peerCallID: 8)
        let actions = pac.receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: 8)))
        #expect(actions.sent == [.outgoingCallReply(pac.connection.outgoingCallFailure(peerCallID: 8, .generalError, error: .badCallID))])
        #expect(actions.violations.map(\.kind) == [.duplicateCallID])
        #expect(pac.connection.callCount == 1)
    }

    @Test("§2.16 no free Call ID: General Error No-Resource")
    func noResource() {
        var pac = Harness.establishedPAC()
        pac.callIDs = CallIdentifiers(range: 1...1)
        _ = pac.establishOutgoingCall(peerCallID: 1)
        let actions = pac.receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: 2)))
        #expect(actions.sent == [.outgoingCallReply(pac.connection.outgoingCallFailure(peerCallID: 2, .generalError, error: .noResource))])
    }

    @Test("§3.2.4.1 Call-Clear-Request → hang up → Call-Disconnect-Notify Request with cause and statistics")
    func clearRequest() {
        var pac = Harness.establishedPAC()
        let callID = pac.establishOutgoingCall(peerCallID: 21)
        let clear = pac.receive(.callClearRequest(CallClearRequest(callID: 21)))
        #expect(clear.events == [.callClearRequested(callID: callID)])
        #expect(clear.sent.isEmpty)
        let done = pac.connection.callDisconnected(
            callID, result: .request, cause: CauseCode(rawValue: 16), statistics: "rx 10 tx 12", now: pac.now)
        #expect(done.sent == [
            .callDisconnectNotify(
                CallDisconnectNotify(callID: callID, resultCode: .request, causeCode: CauseCode(rawValue: 16), callStatistics: "rx 10 tx 12"))
        ])
        #expect(done.released == [callID: .disconnected(.request)])
    }

    @Test("§3.2.4.1 Call-Clear-Request while dialing aborts the dial")
    func clearWhileDialing() {
        var pac = Harness.establishedPAC()
        let actions = pac.receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: 5)))
        guard case .outgoingCallRequested(let callID, _)? = actions.events.first else { return }
        #expect(pac.receive(.callClearRequest(CallClearRequest(callID: 5))).events == [.callClearRequested(callID: callID)])
        #expect(pac.connection.outgoingCallConnected(callID, connectSpeed: 1, physicalChannelID: 1, now: pac.now).isEmpty)
    }

    @Test("§3.2.4.1 a line that drops on its own is reported as Lost Carrier")
    func lostCarrier() {
        var pac = Harness.establishedPAC()
        let callID = pac.establishOutgoingCall(peerCallID: 6)
        let actions = pac.connection.callDisconnected(callID, result: .lostCarrier, now: pac.now)
        #expect(actions.sent == [.callDisconnectNotify(CallDisconnectNotify(callID: callID, resultCode: .lostCarrier))])
    }

    @Test("§3.2.3.1 ring → Incoming-Call-Request; accepting reply → answer → Incoming-Call-Connected")
    func incomingAccepted() throws {
        var pac = Harness.establishedPAC()
        let ring = pac.connection.ringIncomingCall(
            bearerType: .analog, physicalChannelID: 4, dialedNumber: "5550100", dialingNumber: "5551234",
            now: pac.now, callIDs: &pac.callIDs)
        let callID = try #require(ring.callID)
        guard case .incomingCallRequest(let request)? = ring.actions.sent.first else {
            Issue.record("no ICRQ")
            return
        }
        #expect(request.callID == callID && request.dialedNumber == "5550100" && request.dialingNumber == "5551234")
        #expect(request.bearerType == .analog && request.physicalChannelID == 4 && request.callSerialNumber == 1)
        let reply = IncomingCallReply(callID: 900, peerCallID: callID, resultCode: .connect, packetReceiveWindowSize: 8, packetTransmitDelay: 1)
        #expect(pac.receive(.incomingCallReply(reply)).events == [.incomingCallAccepted(callID: callID, reply)])
        let connected = pac.connection.incomingCallAnswered(callID, connectSpeed: 64000, framingType: .synchronous, now: pac.now)
        #expect(connected.sent == [
            .incomingCallConnected(
                IncomingCallConnected(peerCallID: 900, connectSpeed: 64000, packetReceiveWindowSize: 32, packetTransmitDelay: 0, framingType: .synchronous))
        ])
        #expect(pac.connection.isCallEstablished(callID) && pac.connection.peerCallID(of: callID) == 900)
    }

    @Test("§3.2.3.1 a refusing Incoming-Call-Reply returns the call to idle without Call-Disconnect-Notify")
    func incomingRefused() throws {
        var pac = Harness.establishedPAC()
        let callID = try #require(
            pac.connection.ringIncomingCall(
                bearerType: .digital, physicalChannelID: 1, dialedNumber: "1", dialingNumber: "2", now: pac.now,
                callIDs: &pac.callIDs
            ).callID)
        let reply = IncomingCallReply(callID: 1, peerCallID: callID, resultCode: .doNotAccept, packetReceiveWindowSize: 0, packetTransmitDelay: 0)
        let actions = pac.receive(.incomingCallReply(reply))
        #expect(actions.sent.isEmpty)
        #expect(actions.released == [callID: .notEstablished])
    }

    @Test("§3.2.1 no Incoming-Call-Reply within a minute closes the entire control connection")
    func incomingStalls() throws {
        var pac = Harness.establishedPAC()
        let other = pac.establishOutgoingCall(peerCallID: 77)
        let callID = try #require(
            pac.connection.ringIncomingCall(
                bearerType: .analog, physicalChannelID: 1, dialedNumber: "1", dialingNumber: "2", now: pac.now,
                callIDs: &pac.callIDs
            ).callID)
        _ = pac.advance(by: .seconds(30))
        _ = pac.receive(.echoRequest(EchoRequest(identifier: 1)))
        let actions = pac.advance(by: .seconds(30))
        #expect(actions.closeReason == .callTransitionTimedOut(callID: callID))
        #expect(actions.released == [callID: .controlConnectionClosed, other: .controlConnectionClosed])
    }

    @Test("§3.2.3.1 the caller hanging up while the PNS decides sends Call-Disconnect-Notify")
    func abortWhileWaiting() throws {
        var pac = Harness.establishedPAC()
        let callID = try #require(
            pac.connection.ringIncomingCall(
                bearerType: .analog, physicalChannelID: 1, dialedNumber: "1", dialingNumber: "2", now: pac.now,
                callIDs: &pac.callIDs
            ).callID)
        let actions = pac.connection.callDisconnected(callID, result: .lostCarrier, now: pac.now)
        #expect(actions.sent == [.callDisconnectNotify(CallDisconnectNotify(callID: callID, resultCode: .lostCarrier))])
        #expect(pac.advance(by: .seconds(61)).closeReason == nil, "no stalled transition remains")
    }

    @Test("§2.15 Set-Link-Info reaches the engine for the call it names, mid-call too")
    func setLinkInfo() {
        var pac = Harness.establishedPAC()
        let callID = pac.establishOutgoingCall(peerCallID: 30)
        let info = SetLinkInfo(peerCallID: callID, sendACCM: 0, receiveACCM: 0x000A_0000)
        #expect(pac.receive(.setLinkInfo(info)).events == [.linkInfoReceived(callID: callID, info)])
    }

    @Test("§2.15 Set-Link-Info for an unknown call is discarded and reported, nothing sent")
    func setLinkInfoUnknownCall() {
        var pac = Harness.establishedPAC()
        let actions = pac.receive(.setLinkInfo(SetLinkInfo(peerCallID: 999, sendACCM: 0, receiveACCM: 0)))
        #expect(actions.sent.isEmpty && actions.events.isEmpty)
        #expect(actions.violations.map(\.kind) == [.unknownCallID])
        #expect(actions.violations.first?.detail == "Set-Link-Info for unknown call 999")
        #expect(actions.violations.first?.bytes.readableBytes == 24)
        #expect(pac.connection.statistics.violations(.unknownCallID) == 1)
    }

    @Test("§2.12 Call-Clear-Request for an unknown call is discarded and reported")
    func clearUnknownCall() {
        var pac = Harness.establishedPAC()
        let actions = pac.receive(.callClearRequest(CallClearRequest(callID: 1234)))
        #expect(actions.sent.isEmpty && actions.violations.map(\.kind) == [.unknownCallID])
    }

    @Test("§2.12 §2.13 a Call-Clear-Request crossing the PAC's own Call-Disconnect-Notify is discarded quietly, once")
    func clearCrossingDisconnect() {
        var pac = Harness.establishedPAC()
        let callID = pac.establishOutgoingCall(peerCallID: 77)
        let notified = pac.connection.callDisconnected(callID, result: .lostCarrier, now: pac.now)
        #expect(notified.sent == [.callDisconnectNotify(CallDisconnectNotify(callID: callID, resultCode: .lostCarrier))])
        // The PNS hung up before the notify reached it.
        let crossing = pac.receive(.callClearRequest(CallClearRequest(callID: 77)))
        #expect(crossing.sent.isEmpty && crossing.violations.isEmpty && crossing.events.isEmpty)
        // A second request for it is no crossing: the PNS clears a call once.
        #expect(pac.receive(.callClearRequest(CallClearRequest(callID: 77))).violations.map(\.kind) == [.unknownCallID])
        #expect(pac.connection.statistics.violations(.unknownCallID) == 1)
    }

    @Test("§2.14 WAN-Error-Notify only when a counter changed, at most once per 60 s, cumulative")
    func wanErrorNotify() {
        var pac = Harness.establishedPAC()
        let callID = pac.establishOutgoingCall(peerCallID: 40)
        #expect(pac.connection.lineErrors(callID, .zero, now: pac.now).isEmpty, "no error, no notify")
        let first = pac.connection.lineErrors(callID, WANErrorCounters(crcErrors: 2), now: pac.now)
        #expect(first.sent == [.wanErrorNotify(WANErrorNotify(peerCallID: 40, crcErrors: 2))])
        _ = pac.advance(by: .seconds(10))
        #expect(pac.connection.lineErrors(callID, WANErrorCounters(crcErrors: 3, alignmentErrors: 1), now: pac.now).isEmpty)
        _ = pac.advance(by: .seconds(50))
        let second = pac.connection.lineErrors(callID, WANErrorCounters(crcErrors: 3, alignmentErrors: 1), now: pac.now)
        #expect(second.sent == [.wanErrorNotify(WANErrorNotify(peerCallID: 40, crcErrors: 3, alignmentErrors: 1))])
        _ = pac.advance(by: .seconds(60))
        #expect(pac.connection.lineErrors(callID, WANErrorCounters(crcErrors: 3, alignmentErrors: 1), now: pac.now).isEmpty,
                "unchanged counters are not repeated")
    }

    @Test("§2.16 a malformed Outgoing-Call-Request gets General Error with the decoder's code")
    func malformedOutgoingCallRequest() {
        var pac = Harness.establishedPAC()
        var bytes = ControlMessage.outgoingCallRequest(Messages.outgoingCallRequest(callID: 0x0505)).encoded
        bytes[27] = 9  // Bearer Type 9
        let actions = pac.receive(bytes: bytes)
        #expect(actions.sent == [.outgoingCallReply(pac.connection.outgoingCallFailure(peerCallID: 0x0505, .generalError, error: .badValue))])
        #expect(actions.violations.first?.detail == "Outgoing-Call-Request: Bearer Type at offset 24 is 9, not a value RFC 2637 defines for it")
    }

    @Test("§2.16 a malformed reply or notification is only logged")
    func malformedNotification() {
        var pac = Harness.establishedPAC()
        var bytes = ControlMessage.setLinkInfo(SetLinkInfo(peerCallID: 1, sendACCM: 0, receiveACCM: 0)).encoded
        bytes[15] = 1  // Reserved1
        let actions = pac.receive(bytes: bytes)
        #expect(actions.sent.isEmpty && actions.violations.map(\.kind) == [.malformed])
    }

    @Test("messages only a PAC sends are refused by a PAC; Incoming-Call-Request gets Do Not Accept")
    func wrongRole() {
        var pac = Harness.establishedPAC()
        let icrq = IncomingCallRequest(callID: 3, callSerialNumber: 1, bearerType: .analog, physicalChannelID: 0, dialedNumber: "", dialingNumber: "")
        #expect(pac.receive(.incomingCallRequest(icrq)).sent == [
            .incomingCallReply(pac.connection.incomingCallReply(peerCallID: 3, callID: 0, .doNotAccept))
        ])
        let wen = pac.receive(.wanErrorNotify(WANErrorNotify(peerCallID: 1)))
        #expect(wen.sent.isEmpty && wen.violations.map(\.kind) == [.wrongRole])
    }

    @Test("a misbehaving message never disturbs another call")
    func violationsAreIsolated() {
        var pac = Harness.establishedPAC()
        let callID = pac.establishOutgoingCall(peerCallID: 50)
        _ = pac.receive(.callClearRequest(CallClearRequest(callID: 51)))
        _ = pac.receive(.incomingCallReply(IncomingCallReply(callID: 1, peerCallID: callID, resultCode: .connect, packetReceiveWindowSize: 1, packetTransmitDelay: 0)))
        _ = pac.receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: 50)))
        #expect(pac.connection.isCallEstablished(callID))
        #expect(pac.connection.statistics.totalViolations == 3)
    }
}
