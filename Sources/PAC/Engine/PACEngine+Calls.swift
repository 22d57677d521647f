import GRETransport
import HDLC
import LineHAL
import Logging
import NIOCore
import PPTPProtocol
import PPTPWire

/// Protocol events → lines.
extension PACEngine {
    func handle(_ event: ControlConnectionEvent, on entry: ConnectionEntry) {
        switch event {
        case .admissionRequested(let request):
            admit(request, on: entry)
        case .established(let peer):
            logger.info(
                "control connection established with \"\(peer.hostName)\" (\(peer.vendorName))", metadata: entry.metadata)
            offerPendingRings()
        case .outgoingCallRequested(let callID, let request):
            placeOutgoingCall(callID, request, on: entry)
        case .incomingCallAccepted(let callID, let reply):
            answerIncomingCall(callID, reply, on: entry)
        case .callClearRequested(let callID):
            clearForPNS(callID, on: entry)
        case .linkInfoReceived(let callID, let info):
            // RFC 2637 §2.15: Send ACCM for what the PAC sends on the line, Receive ACCM for
            // what it receives; applied at once, mid-call too.
            guard let record = calls[callID] else { return }
            let accm = ACCM(send: info.sendACCM, receive: info.receiveACCM)
            record.line.setACCM(accm)
            callDetails[callID]?.accm = accm
            logger.info(
                "ACCM send 0x\(String(info.sendACCM, radix: 16)) receive 0x\(String(info.receiveACCM, radix: 16))",
                metadata: metadata(record))
        case .callReleased(let callID, let reason):
            release(callID, reason)
        case .echoReplyReceived, .outgoingCallReplied, .incomingCallOffered, .incomingCallConnected,
            .callDisconnectNotified, .wanErrorNotified:
            break  // PNS-role events; a PAC's connections never produce them
        }
    }

    private func admit(_ request: StartControlConnectionRequest, on entry: ConnectionEntry) {
        let allowed = configuration.allowedPNS
        if !allowed.isEmpty, !(entry.peer.map { peer in allowed.contains { $0.contains(peer) } } ?? false) {
            statistics.connectionsRefused += 1
            logger.warning("PNS \"\(request.hostName)\" is not in the allow-list", metadata: entry.metadata)
            perform(entry.core.admit(.refuse(.notAuthorized), now: now), on: entry)
            return
        }
        perform(entry.core.admit(resolveCollision(for: entry), now: now), on: entry)
    }

    // MARK: Outgoing calls (RFC 2637 §3.2.4.1)

    private func placeOutgoingCall(_ callID: UInt16, _ request: OutgoingCallRequest, on entry: ConnectionEntry) {
        statistics.outgoingCalls += 1
        if exceedsCallsPerPeer(entry, callID: callID) {
            // RFC 2637 §2.8 General Error, §2.16 No-Resource: "insufficient resources".
            return perform(entry.core.outgoingCallFailed(callID, result: .generalError, error: .noResource, now: now), on: entry)
        }
        func refuse(_ result: OutgoingCallResult, _ error: GeneralErrorCode, _ cause: Q931Cause?, _ why: String) {
            logger.notice(
                "outgoing call to \"\(request.phoneNumber)\" refused: \(why)",
                metadata: entry.metadata.merging(["call": "\(callID)", "peer-call": "\(request.callID)"]) { $1 })
            perform(
                entry.core.outgoingCallFailed(
                    callID, result: result, error: error, cause: cause.map(CallOutcome.cause) ?? .none, now: now),
                on: entry)
        }
        let number = request.phoneNumber.isEmpty ? (configuration.defaultPhoneNumber ?? "") : request.phoneNumber
        beginDetail(
            CallDetailDraft(
                callID: callID, peerCallID: request.callID, callSerialNumber: request.callSerialNumber,
                direction: .outgoing, connection: entry, dialedNumber: number, startedAt: now))
        guard CallOutcome.isDialable(number) else {
            return refuse(
                .generalError, .badValue, .invalidNumberFormat,
                number.isEmpty ? "no phone number and no default number configured" : "phone number is not dialable")
        }
        let maximum = request.maximumBPS == 0 ? Int.max : Int(request.maximumBPS)
        guard Int(request.minimumBPS) <= maximum else {
            return refuse(.generalError, .badValue, nil, "Minimum BPS \(request.minimumBPS) above Maximum BPS \(request.maximumBPS)")
        }
        let line: any Line
        do {
            line = try pool.allocate(number: number, bearers: CallOutcome.bearers(for: request))
        } catch {
            switch error {
            case .exhausted: return refuse(.generalError, .noResource, .noCircuitAvailable, "\(error)")
            case .noGroupServes: return refuse(.doNotAccept, .none, .noRouteToDestination, "\(error)")
            default: return refuse(.generalError, .pacError, .temporaryFailure, "\(error)")
            }
        }
        callDetails[callID]?.line = line
        calls[callID] = CallRecord(
            callID: callID, connection: entry, line: line, direction: .outgoing, phase: .dialing,
            peerReceiveWindowSize: request.packetReceiveWindowSize, peerProcessingDelay: request.packetProcessingDelay,
            greKey: nil, startedAt: now)
        callsByLine[line.id] = callID
        logger.info("dialing \"\(number)\"", metadata: metadata(calls[callID]!))
        do {
            try line.dial(
                DialRequest(
                    number: number, subaddress: request.subaddress, bearer: line.capabilities.bearer,
                    speeds: SpeedRange(minimum: Int(request.minimumBPS), maximum: maximum)))
        } catch {
            calls[callID] = nil
            callsByLine[line.id] = nil
            pool.release(line.id)
            refuse(.generalError, .pacError, .temporaryFailure, "\(error)")
        }
    }

    // MARK: Incoming calls (RFC 2637 §3.2.3.1)

    func ring(_ line: any Line, _ incoming: IncomingCall) {
        guard callsByLine[line.id] == nil else { return }
        statistics.incomingCalls += 1
        do {
            _ = try pool.claim(line.id)
        } catch {
            try? line.reject(cause: .userBusy)
            return logRejected(line, incoming, .userBusy, "\(error)")
        }
        if route(dialedNumber: incoming.dialedNumber) == nil,
            let target = originationTarget(dialedNumber: incoming.dialedNumber)
        {
            return holdRinging(line, incoming, until: target)
        }
        offer(line, incoming)
    }

    /// Refuses a ringing line that was claimed from the pool, and gives the line back.
    func rejectIncoming(_ line: any Line, _ incoming: IncomingCall, _ cause: Q931Cause, _ why: String) {
        pool.release(line.id)
        if case .ringing = line.callState { try? line.reject(cause: cause) }
        logRejected(line, incoming, cause, why)
    }

    private func logRejected(_ line: any Line, _ incoming: IncomingCall, _ cause: Q931Cause, _ why: String) {
        statistics.incomingCallsRejected += 1
        recordRejected(line, incoming, cause: cause)
        logger.notice(
            "incoming call from \"\(incoming.callerNumber)\" to \"\(incoming.dialedNumber)\" rejected: \(why)",
            metadata: ["line": "\(line.id.rawValue)"])
    }

    /// Offers a ringing line, already claimed from the pool, to the PNS its number routes to.
    func offer(_ line: any Line, _ incoming: IncomingCall) {
        guard let entry = route(dialedNumber: incoming.dialedNumber) else {
            return rejectIncoming(line, incoming, .temporaryFailure, "no PNS is connected")
        }
        let (callID, actions) = entry.core.ringIncomingCall(
            bearerType: line.capabilities.bearer == .analog ? .analog : .digital,
            physicalChannelID: UInt32(line.capabilities.channel), dialedNumber: incoming.dialedNumber,
            dialingNumber: incoming.callerNumber, subaddress: incoming.subaddress, now: now, callIDs: &callIDs)
        guard let callID else {
            return rejectIncoming(line, incoming, .resourceUnavailable, "no free Call ID")
        }
        beginDetail(
            CallDetailDraft(
                callID: callID, direction: .incoming, connection: entry, line: line,
                dialedNumber: incoming.dialedNumber, callingNumber: incoming.callerNumber, startedAt: now))
        calls[callID] = CallRecord(
            callID: callID, connection: entry, line: line, direction: .incoming, phase: .ringing,
            peerReceiveWindowSize: 0, peerProcessingDelay: 0, greKey: nil, startedAt: now)
        callsByLine[line.id] = callID
        logger.info(
            "incoming call from \"\(incoming.callerNumber)\" to \"\(incoming.dialedNumber)\" offered",
            metadata: metadata(calls[callID]!))
        perform(actions, on: entry)
    }

    /// The PNS for a dialed number: the first route whose prefix matches and whose PNS is
    /// connected, else the longest-established connection.
    private func route(dialedNumber: String) -> ConnectionEntry? {
        let established = connections.values.filter(\.core.isEstablished).sorted { $0.id < $1.id }
        for route in configuration.incomingRoutes where dialedNumber.hasPrefix(route.dialedPrefix) {
            if let entry = established.first(where: { $0.peer == route.pns }) { return entry }
        }
        return established.first
    }

    private func answerIncomingCall(_ callID: UInt16, _ reply: IncomingCallReply, on entry: ConnectionEntry) {
        guard var record = calls[callID] else { return }
        record.phase = .answering
        record.peerReceiveWindowSize = reply.packetReceiveWindowSize
        record.peerProcessingDelay = reply.packetTransmitDelay
        calls[callID] = record
        do {
            try record.line.answer()
        } catch {
            logger.warning("cannot answer: \(error)", metadata: metadata(record))
            perform(entry.core.callDisconnected(callID, result: .generalError, error: .pacError, now: now), on: entry)
        }
    }

    // MARK: Clearing

    private func clearForPNS(_ callID: UInt16, on entry: ConnectionEntry) {
        guard let record = calls[callID] else { return }
        calls[callID]?.phase = .clearingForPNS
        record.line.hangUp(cause: .normalClearing)
        // A line that was already idle reports nothing; answer the PNS now.
        if calls[callID] != nil, record.line.callState == .idle {
            perform(
                entry.core.callDisconnected(callID, result: .request, cause: CallOutcome.cause(.normalClearing), now: now),
                on: entry)
        }
    }

    /// The protocol is done with the call: free its Call ID, its tunnel and its line.
    private func release(_ callID: UInt16, _ reason: CallReleaseReason) {
        callIDs.release(callID, now: now)
        guard let record = calls.removeValue(forKey: callID) else {
            return finishDetail(callID, reason, tunnel: nil)  // refused before it had a line
        }
        callsByLine[record.line.id] = nil
        tunnelsByLine[record.line.id] = nil
        if record.hasConnected { endedCallLineErrors.add(record.line.statistics) }
        let tunnel = record.greKey.flatMap { gre?.closeCall($0) }
        if let tunnel {
            endedTunnels.add(tunnel)
            // RFC 2637 §4: what the call's tunnel did, once, when nothing can change it any more.
            logger.info("tunnel statistics: \(tunnel.logSummary)", metadata: metadata(record))
        }
        switch (record.line.callState, reason) {
        case (.idle, _), (.failed, _):
            break
        case (.ringing, _):
            try? record.line.reject(cause: .callRejected)
        case (_, .controlConnectionClosed):
            record.line.hangUp(cause: .temporaryFailure)
        default:
            record.line.hangUp(cause: .normalClearing)
        }
        pool.release(record.line.id)
        logger.info("call released: \(reason)", metadata: metadata(record))
        finishDetail(callID, reason, tunnel: tunnel)
    }

    /// Every log line about a call carries the connection's peer, both Call IDs and the line.
    func metadata(_ record: CallRecord) -> Logger.Metadata {
        var metadata = record.connection.metadata
        metadata["call"] = "\(record.callID)"
        // The draft keeps the PNS's Call ID after the core has forgotten the call.
        metadata["peer-call"] = callDetails[record.callID]?.peerCallID.map { "\($0)" } ?? "-"
        metadata["line"] = "\(record.line.id.rawValue)"
        metadata["direction"] = "\(record.direction.rawValue)"
        return metadata
    }
}
