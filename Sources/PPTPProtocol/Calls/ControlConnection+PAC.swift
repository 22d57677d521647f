import NIOCore
import PPTPWire

/// The PAC's call state machines: outgoing (RFC 2637 §3.2.4.1) and incoming (§3.2.3.1).
extension ControlConnection {
    // MARK: Receiving (PAC role)

    mutating func receiveCallMessageAsPAC(
        _ message: ControlMessage, now: NIODeadline, callIDs: inout CallIdentifiers,
        _ actions: inout [ControlConnectionAction]
    ) {
        switch message {
        case .outgoingCallRequest(let request):
            // §3.2.4.1 idle: allocate a channel and dial, or reply with the error at once.
            if callIDsByPeerCallID[request.callID] != nil {
                violation(.duplicateCallID, message, "Outgoing-Call-Request reuses the PNS's call \(request.callID)", &actions)
                send(.outgoingCallReply(outgoingCallFailure(peerCallID: request.callID, .generalError, error: .badCallID)), &actions)
                return
            }
            guard let callID = callIDs.allocate(now: now) else {
                send(.outgoingCallReply(outgoingCallFailure(peerCallID: request.callID, .generalError, error: .noResource)), &actions)
                return
            }
            insertCall(
                Call(callID: callID, peerCallID: request.callID, serialNumber: request.callSerialNumber,
                     state: .pacDialing, deadline: nil, wanErrors: WANErrorNotifier()),
                now: now)
            actions.append(.event(.outgoingCallRequested(callID: callID, request)))
        case .incomingCallReply(let reply):
            // §3.2.3.1 wait_reply.
            guard let call = calls[reply.peerCallID], call.state == .pacAwaitingIncomingReply else {
                unknownOrMisplaced(message, callID: reply.peerCallID, &actions)
                return
            }
            if reply.resultCode == .connect {
                calls[call.callID]?.peerCallID = reply.callID
                callIDsByPeerCallID[reply.callID] = call.callID
                transition(call.callID, to: .pacAnswering, now: now)
                actions.append(.event(.incomingCallAccepted(callID: call.callID, reply)))
            } else {
                release(call.callID, .notEstablished, &actions)
            }
        case .callClearRequest(let request):
            // §3.2.4.1 wait_cs_ans / established, §3.2.3.1 established: hang up, then CDN.
            guard let callID = callIDsByPeerCallID[request.callID], let call = calls[callID] else {
                // §2.12/§2.13: the PNS cleared the call as we did; our notify answers both.
                if recentlyNotified.remove(request.callID) { return }
                unknownOrMisplaced(message, callID: request.callID, &actions)
                return
            }
            guard call.state != .pacClearing else {
                violation(.notAllowedInState, message, "Call-Clear-Request for call \(callID) already being cleared", &actions)
                return
            }
            transition(callID, to: .pacClearing, now: now)
            actions.append(.event(.callClearRequested(callID: callID)))
        case .setLinkInfo(let info):
            // §2.15: the PAC applies the ACCMs at once, mid-call too.
            guard calls[info.peerCallID] != nil else {
                unknownOrMisplaced(message, callID: info.peerCallID, &actions)
                return
            }
            actions.append(.event(.linkInfoReceived(callID: info.peerCallID, info)))
        case .incomingCallRequest(let request):
            violation(.wrongRole, message, "Incoming-Call-Request sent to a PAC", &actions)
            send(.incomingCallReply(incomingCallReply(peerCallID: request.callID, callID: 0, .doNotAccept)), &actions)
        default:
            violation(.wrongRole, message, "\(message.type) is sent by a PAC, not to one", &actions)
        }
    }

    mutating func unknownOrMisplaced(_ message: ControlMessage, callID: UInt16, _ actions: inout [ControlConnectionAction]) {
        if calls[callID] == nil && callIDsByPeerCallID[callID] == nil {
            violation(.unknownCallID, message, "\(message.type) for unknown call \(callID)", &actions)
        } else {
            violation(.notAllowedInState, message, "\(message.type) for call \(callID) in a state that does not expect it", &actions)
        }
    }

    // MARK: Engine commands (PAC role)

    /// The line answered the outgoing call (§3.2.4.1 wait_cs_ans → established).
    public mutating func outgoingCallConnected(
        _ callID: UInt16, connectSpeed: UInt32, physicalChannelID: UInt32, now: NIODeadline
    ) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        guard let call = calls[callID], call.state == .pacDialing, let peerCallID = call.peerCallID else { return actions }
        send(
            .outgoingCallReply(
                OutgoingCallReply(
                    callID: callID, peerCallID: peerCallID, resultCode: .connected, connectSpeed: connectSpeed,
                    packetReceiveWindowSize: configuration.receiveWindowSize,
                    packetProcessingDelay: configuration.packetProcessingDelay, physicalChannelID: physicalChannelID)),
            &actions)
        transition(callID, to: .established, now: now)
        refreshDeadline()
        return actions
    }

    /// The outgoing call did not complete (§3.2.4.1 wait_cs_ans → idle).
    public mutating func outgoingCallFailed(
        _ callID: UInt16, result: OutgoingCallResult, error: GeneralErrorCode = .none, cause: CauseCode = .none,
        now: NIODeadline
    ) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        guard let call = calls[callID], call.state == .pacDialing, let peerCallID = call.peerCallID else { return actions }
        send(.outgoingCallReply(outgoingCallFailure(peerCallID: peerCallID, result, error: error, cause: cause)), &actions)
        release(callID, .notEstablished, &actions)
        refreshDeadline()
        return actions
    }

    /// A line rings: offer the call to the PNS (§3.2.3.1 idle → wait_reply). Returns the
    /// call's ID, or nil when the connection is not established or no Call ID is free.
    public mutating func ringIncomingCall(
        bearerType: BearerType, physicalChannelID: UInt32, dialedNumber: String, dialingNumber: String,
        subaddress: String = "", now: NIODeadline, callIDs: inout CallIdentifiers
    ) -> (callID: UInt16?, actions: [ControlConnectionAction]) {
        var actions: [ControlConnectionAction] = []
        guard isEstablished, configuration.role == .pac, let callID = callIDs.allocate(now: now) else {
            return (nil, actions)
        }
        let serialNumber = callIDs.serialNumber()
        insertCall(
            Call(callID: callID, peerCallID: nil, serialNumber: serialNumber, state: .pacAwaitingIncomingReply,
                 deadline: nil, wanErrors: WANErrorNotifier()),
            now: now)
        send(
            .incomingCallRequest(
                IncomingCallRequest(
                    callID: callID, callSerialNumber: serialNumber, bearerType: bearerType,
                    physicalChannelID: physicalChannelID, dialedNumber: dialedNumber, dialingNumber: dialingNumber,
                    subaddress: subaddress)),
            &actions)
        refreshDeadline()
        return (callID, actions)
    }

    /// The line was answered after the PNS accepted (§3.2.3.1 wait_reply → established).
    public mutating func incomingCallAnswered(
        _ callID: UInt16, connectSpeed: UInt32, framingType: FramingType, now: NIODeadline
    ) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        guard let call = calls[callID], call.state == .pacAnswering, let peerCallID = call.peerCallID else { return actions }
        send(
            .incomingCallConnected(
                IncomingCallConnected(
                    peerCallID: peerCallID, connectSpeed: connectSpeed,
                    packetReceiveWindowSize: configuration.receiveWindowSize,
                    packetTransmitDelay: configuration.packetProcessingDelay, framingType: framingType)),
            &actions)
        transition(callID, to: .established, now: now)
        refreshDeadline()
        return actions
    }

    /// The call is over on the line — hung up after a Call-Clear-Request (result Request),
    /// carrier lost, far end hung up, or shut down — so tell the PNS (§2.13). Valid in every
    /// PAC call state: an abort while waiting for the PNS is a Call-Disconnect-Notify too.
    public mutating func callDisconnected(
        _ callID: UInt16, result: CallDisconnectResult, error: GeneralErrorCode = .none, cause: CauseCode = .none,
        statistics callStatistics: String = "", now: NIODeadline
    ) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        if calls[callID] != nil, configuration.role == .pac {
            disconnect(callID, result: result, error: error, cause: cause, statistics: callStatistics, &actions)
        }
        refreshDeadline()
        return actions
    }

    mutating func disconnect(
        _ callID: UInt16, result: CallDisconnectResult, error: GeneralErrorCode, cause: CauseCode, statistics text: String,
        _ actions: inout [ControlConnectionAction]
    ) {
        if let call = calls[callID], call.state != .pacClearing, let peerCallID = call.peerCallID {
            recentlyNotified.insert(peerCallID)
        }
        send(
            .callDisconnectNotify(
                CallDisconnectNotify(callID: callID, resultCode: result, errorCode: error, causeCode: cause, callStatistics: text)),
            &actions)
        release(callID, .disconnected(result), &actions)
    }

    /// The line's error counters, cumulative since establishment: sends WAN-Error-Notify when
    /// §2.14 allows (a counter changed and 60 s have passed since the last one).
    public mutating func lineErrors(_ callID: UInt16, _ counters: WANErrorCounters, now: NIODeadline)
        -> [ControlConnectionAction]
    {
        var actions: [ControlConnectionAction] = []
        guard var call = calls[callID], call.state == .established, let peerCallID = call.peerCallID,
            let due = call.wanErrors.update(counters, now: now, interval: configuration.wanErrorNotifyInterval)
        else { return actions }
        calls[callID] = call
        send(
            .wanErrorNotify(
                WANErrorNotify(
                    peerCallID: peerCallID, crcErrors: due.crcErrors, framingErrors: due.framingErrors,
                    hardwareOverruns: due.hardwareOverruns, bufferOverruns: due.bufferOverruns,
                    timeoutErrors: due.timeoutErrors, alignmentErrors: due.alignmentErrors)),
            &actions)
        return actions
    }
}
