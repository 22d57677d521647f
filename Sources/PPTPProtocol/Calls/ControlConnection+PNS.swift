import NIOCore
import PPTPWire

/// The PNS's call state machines: outgoing (RFC 2637 §3.2.4.2) and incoming (§3.2.3.2). They
/// let this project act as a PNS: test driver, load generator, bench tool.
extension ControlConnection {
    // MARK: Receiving (PNS role)

    mutating func receiveCallMessageAsPNS(
        _ message: ControlMessage, now: NIODeadline, callIDs: inout CallIdentifiers,
        _ actions: inout [ControlConnectionAction]
    ) {
        switch message {
        case .outgoingCallReply(let reply):
            // §3.2.4.2 Wait-Reply (or Wait-Disconnect after an abort).
            guard let call = calls[reply.peerCallID],
                call.state == .pnsAwaitingOutgoingReply || call.state == .pnsAwaitingDisconnect
            else {
                unknownOrMisplaced(message, callID: reply.peerCallID, &actions)
                return
            }
            actions.append(.event(.outgoingCallReplied(callID: call.callID, reply)))
            guard reply.resultCode == .connected else {
                release(call.callID, .notEstablished, &actions)
                return
            }
            calls[call.callID]?.peerCallID = reply.callID
            callIDsByPeerCallID[reply.callID] = call.callID
            if call.state == .pnsAwaitingOutgoingReply { transition(call.callID, to: .established, now: now) }
        case .incomingCallRequest(let request):
            // §3.2.3.2 Idle.
            if callIDsByPeerCallID[request.callID] != nil {
                violation(.duplicateCallID, message, "Incoming-Call-Request reuses the PAC's call \(request.callID)", &actions)
                send(.incomingCallReply(incomingCallReply(peerCallID: request.callID, callID: 0, .generalError, error: .badCallID)), &actions)
                return
            }
            guard let callID = callIDs.allocate(now: now) else {
                send(.incomingCallReply(incomingCallReply(peerCallID: request.callID, callID: 0, .generalError, error: .noResource)), &actions)
                return
            }
            insertCall(
                Call(callID: callID, peerCallID: request.callID, serialNumber: request.callSerialNumber,
                     state: .pnsDeciding, deadline: nil, wanErrors: WANErrorNotifier()),
                now: now)
            actions.append(.event(.incomingCallOffered(callID: callID, request)))
        case .incomingCallConnected(let connected):
            // §3.2.3.2 Wait-Connect → Established.
            guard let call = calls[connected.peerCallID], call.state == .pnsAwaitingConnected else {
                unknownOrMisplaced(message, callID: connected.peerCallID, &actions)
                return
            }
            transition(call.callID, to: .established, now: now)
            actions.append(.event(.incomingCallConnected(callID: call.callID, connected)))
        case .callDisconnectNotify(let notify):
            // Any PNS state → Idle.
            guard let callID = callIDsByPeerCallID[notify.callID] else {
                unknownOrMisplaced(message, callID: notify.callID, &actions)
                return
            }
            actions.append(.event(.callDisconnectNotified(callID: callID, notify)))
            release(callID, .disconnected(notify.resultCode), &actions)
        case .wanErrorNotify(let notify):
            guard calls[notify.peerCallID] != nil else {
                unknownOrMisplaced(message, callID: notify.peerCallID, &actions)
                return
            }
            actions.append(.event(.wanErrorNotified(callID: notify.peerCallID, notify)))
        case .outgoingCallRequest(let request):
            violation(.wrongRole, message, "Outgoing-Call-Request sent to a PNS", &actions)
            send(.outgoingCallReply(outgoingCallFailure(peerCallID: request.callID, .doNotAccept)), &actions)
        default:
            violation(.wrongRole, message, "\(message.type) is sent by a PNS, not to one", &actions)
        }
    }

    // MARK: Engine commands (PNS role)

    /// What a PNS asks for in an Outgoing-Call-Request.
    public struct OutgoingCallParameters: Hashable, Sendable {
        public var phoneNumber: String
        public var subaddress: String
        public var minimumBPS: UInt32
        public var maximumBPS: UInt32
        public var bearerType: BearerType
        public var framingType: FramingType

        public init(
            phoneNumber: String, subaddress: String = "", minimumBPS: UInt32 = 300, maximumBPS: UInt32 = 100_000_000,
            bearerType: BearerType = .any, framingType: FramingType = .either
        ) {
            self.phoneNumber = phoneNumber
            self.subaddress = subaddress
            self.minimumBPS = minimumBPS
            self.maximumBPS = maximumBPS
            self.bearerType = bearerType
            self.framingType = framingType
        }
    }

    /// Asks the PAC to place a call (§3.2.4.2 Idle → Wait-Reply). Returns the call's ID, or
    /// nil when the connection is not established or no Call ID is free.
    public mutating func placeOutgoingCall(
        _ parameters: OutgoingCallParameters, now: NIODeadline, callIDs: inout CallIdentifiers
    ) -> (callID: UInt16?, actions: [ControlConnectionAction]) {
        var actions: [ControlConnectionAction] = []
        guard isEstablished, configuration.role == .pns, let callID = callIDs.allocate(now: now) else {
            return (nil, actions)
        }
        let serialNumber = callIDs.serialNumber()
        insertCall(
            Call(callID: callID, peerCallID: nil, serialNumber: serialNumber, state: .pnsAwaitingOutgoingReply,
                 deadline: nil, wanErrors: WANErrorNotifier()),
            now: now)
        send(
            .outgoingCallRequest(
                OutgoingCallRequest(
                    callID: callID, callSerialNumber: serialNumber, minimumBPS: parameters.minimumBPS,
                    maximumBPS: parameters.maximumBPS, bearerType: parameters.bearerType,
                    framingType: parameters.framingType, packetReceiveWindowSize: configuration.receiveWindowSize,
                    packetProcessingDelay: configuration.packetProcessingDelay, phoneNumber: parameters.phoneNumber,
                    subaddress: parameters.subaddress)),
            &actions)
        refreshDeadline()
        return (callID, actions)
    }

    /// Accepts or refuses an offered incoming call (§3.2.3.2 Idle → Wait-Connect or Idle).
    public mutating func answerIncomingCall(
        _ callID: UInt16, result: IncomingCallResult, error: GeneralErrorCode = .none, now: NIODeadline
    ) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        guard let call = calls[callID], call.state == .pnsDeciding, let peerCallID = call.peerCallID else { return actions }
        send(.incomingCallReply(incomingCallReply(peerCallID: peerCallID, callID: callID, result, error: error)), &actions)
        if result == .connect {
            transition(callID, to: .pnsAwaitingConnected, now: now)
        } else {
            release(callID, .notEstablished, &actions)
        }
        refreshDeadline()
        return actions
    }

    /// Asks the PAC to clear a call (§3.2.4.2, §3.2.3.2 → Wait-Disconnect).
    public mutating func clearCall(_ callID: UInt16, now: NIODeadline) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        guard let call = calls[callID], configuration.role == .pns, call.state != .pnsAwaitingDisconnect,
            call.state != .pnsDeciding
        else { return actions }
        send(.callClearRequest(CallClearRequest(callID: callID)), &actions)
        transition(callID, to: .pnsAwaitingDisconnect, now: now)
        refreshDeadline()
        return actions
    }

    /// Tells the PAC the PPP-negotiated ACCMs of an established call (§2.15).
    public mutating func sendLinkInfo(_ callID: UInt16, sendACCM: UInt32, receiveACCM: UInt32) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        guard let call = calls[callID], call.state == .established, let peerCallID = call.peerCallID else { return actions }
        send(.setLinkInfo(SetLinkInfo(peerCallID: peerCallID, sendACCM: sendACCM, receiveACCM: receiveACCM)), &actions)
        return actions
    }
}
