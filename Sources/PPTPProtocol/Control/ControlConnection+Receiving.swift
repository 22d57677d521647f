import NIOCore
import PPTPWire

extension ControlConnection {
    // MARK: Receiving messages

    /// Feeds one item from the stream decoder. `callIDs` supplies Call IDs for calls the peer
    /// opens (Outgoing-Call-Request to a PAC, Incoming-Call-Request to a PNS).
    public mutating func receive(
        _ inbound: InboundControlMessage, now: NIODeadline, callIDs: inout CallIdentifiers
    ) -> [ControlConnectionAction] {
        var actions: [ControlConnectionAction] = []
        switch inbound {
        case .message(let message):
            statistics.count(received: message.type)
            if case .established(let peer, var keepAlive) = state {
                keepAlive.messageReceived(now: now)
                state = .established(peer: peer, keepAlive: keepAlive)
            }
            receive(message, now: now, callIDs: &callIDs, &actions)
        case .rejected(let error, let bytes):
            statistics.count(received: error.messageType)
            receiveMalformed(error, bytes: bytes, &actions)
        }
        refreshDeadline()
        return actions
    }

    private mutating func receive(
        _ message: ControlMessage, now: NIODeadline, callIDs: inout CallIdentifiers,
        _ actions: inout [ControlConnectionAction]
    ) {
        switch state {
        case .closed, .ignoringCollisionLoser:
            return
        case .awaitingStartRequest(let deadline):
            receiveBeforeEstablished(message, awaitingRequest: deadline, now: now, &actions)
        case .admitting:
            violation(.notAllowedInState, message, "\(message.type) while admission is being decided", &actions)
        case .awaitingStartReply:
            receiveBeforeEstablished(message, awaitingRequest: nil, now: now, &actions)
        case .awaitingStopReply(let reason, _):
            receiveWhileStopping(message, reason: reason, &actions)
        case .established(_, var keepAlive):
            switch message {
            case .startControlConnectionRequest:
                // A second request on an established connection (§2.2 result 3).
                violation(.notAllowedInState, message, "Start-Control-Connection-Request on an established connection", &actions)
                send(.startControlConnectionReply(startReply(.channelAlreadyExists)), &actions)
            case .stopControlConnectionRequest(let request):
                send(.stopControlConnectionReply(StopControlConnectionReply(resultCode: .ok)), &actions)
                close(.stopped(request.reason), &actions)
            case .echoRequest(let request):
                send(.echoReply(EchoReply(identifier: request.identifier)), &actions)
            case .echoReply(let reply):
                keepAlive.echoReplyReceived(identifier: reply.identifier)
                if case .established(let peer, _) = state { state = .established(peer: peer, keepAlive: keepAlive) }
                actions.append(.event(.echoReplyReceived(reply)))
            case .startControlConnectionReply, .stopControlConnectionReply:
                violation(.notAllowedInState, message, "\(message.type) on an established connection", &actions)
            default:
                switch configuration.role {
                case .pac: receiveCallMessageAsPAC(message, now: now, callIDs: &callIDs, &actions)
                case .pns: receiveCallMessageAsPNS(message, now: now, callIDs: &callIDs, &actions)
                }
            }
        }
    }

    /// Before establishment only the Start exchange is allowed; requests that have a reply
    /// get General Error Not-Connected (§2.16 code 1).
    private mutating func receiveBeforeEstablished(
        _ message: ControlMessage, awaitingRequest deadline: NIODeadline?, now: NIODeadline,
        _ actions: inout [ControlConnectionAction]
    ) {
        switch message {
        case .startControlConnectionRequest(let request) where deadline != nil:
            // §3.1.2 idle: a version earlier than ours is not supported (we know only 1.0);
            // a later one is answered with ours.
            if request.protocolVersion < PPTPHeader.protocolVersion {
                send(.startControlConnectionReply(startReply(.unsupportedProtocolVersion)), &actions)
                close(.unsupportedVersion(request.protocolVersion), &actions)
            } else {
                state = .admitting(request, deadline: deadline!)
                actions.append(.event(.admissionRequested(request)))
            }
        case .startControlConnectionReply(let reply) where deadline == nil:
            // §3.1.1 wait_ctl_reply.
            guard reply.resultCode == .successful else {
                close(.refusedByPeer(reply.resultCode, reply.errorCode), &actions)
                return
            }
            if reply.protocolVersion < PPTPHeader.protocolVersion {
                // An earlier version we cannot support: Stop-Protocol (§3.1.1).
                send(.stopControlConnectionRequest(StopControlConnectionRequest(reason: .stopProtocol)), &actions)
                state = .awaitingStopReply(reason: .stopProtocol, deadline: now + configuration.stopReplyTimeout)
            } else {
                enterEstablished(with: PeerIdentity(reply), now: now, &actions)
            }
        case .echoRequest(let request):
            violation(.notAllowedInState, message, "Echo-Request before the control connection is established", &actions)
            send(.echoReply(EchoReply(identifier: request.identifier, resultCode: .generalError, errorCode: .notConnected)), &actions)
        case .outgoingCallRequest(let request) where configuration.role == .pac:
            violation(.notAllowedInState, message, "Outgoing-Call-Request before the control connection is established", &actions)
            send(.outgoingCallReply(outgoingCallFailure(peerCallID: request.callID, .generalError, error: .notConnected)), &actions)
        default:
            violation(.notAllowedInState, message, "\(message.type) before the control connection is established", &actions)
        }
    }

    /// wait_stop_reply: calls are already released; only the Stop exchange and keep-alives
    /// still mean something.
    private mutating func receiveWhileStopping(
        _ message: ControlMessage, reason: StopControlConnectionReason, _ actions: inout [ControlConnectionAction]
    ) {
        switch message {
        case .stopControlConnectionReply:
            close(.stopped(reason), &actions)
        case .stopControlConnectionRequest:
            // Both ends stopping at once: answer and close.
            send(.stopControlConnectionReply(StopControlConnectionReply(resultCode: .ok)), &actions)
            close(.stopped(reason), &actions)
        case .echoRequest(let request):
            send(.echoReply(EchoReply(identifier: request.identifier)), &actions)
        default:
            violation(.notAllowedInState, message, "\(message.type) while waiting for Stop-Control-Connection-Reply", &actions)
        }
    }

    // MARK: Malformed messages

    /// A message whose content did not decode: log and count it, and answer requests that
    /// have a reply with General Error and the decoder's error code (§2.16). The fields the
    /// reply must echo (Call ID, Identifier) are read from their fixed offsets when present.
    private mutating func receiveMalformed(
        _ error: ControlMessageDecodingError, bytes: ByteBuffer, _ actions: inout [ControlConnectionAction]
    ) {
        statistics.count(.malformed)
        actions.append(.violation(ProtocolViolation(kind: .malformed, messageType: error.messageType, detail: error.description, bytes: bytes)))
        let rawType = bytes.getInteger(at: bytes.readerIndex + 8, as: UInt16.self).flatMap(ControlMessageType.init(rawValue:))
        let word12 = bytes.getInteger(at: bytes.readerIndex + 12, as: UInt16.self) ?? 0
        let code = error.generalErrorCode
        switch (rawType, state) {
        case (.startControlConnectionRequest, .awaitingStartRequest):
            send(.startControlConnectionReply(startReply(.generalError, error: code)), &actions)
            close(.refusedPeer(.generalError), &actions)
        case (.startControlConnectionRequest, .established):
            send(.startControlConnectionReply(startReply(.generalError, error: code)), &actions)
        case (.echoRequest, .established), (.echoRequest, .awaitingStopReply):
            let identifier = bytes.getInteger(at: bytes.readerIndex + 12, as: UInt32.self) ?? 0
            send(.echoReply(EchoReply(identifier: identifier, resultCode: .generalError, errorCode: code)), &actions)
        case (.stopControlConnectionRequest, .established):
            send(.stopControlConnectionReply(StopControlConnectionReply(resultCode: .generalError, errorCode: code)), &actions)
        case (.outgoingCallRequest, .established) where configuration.role == .pac:
            send(.outgoingCallReply(outgoingCallFailure(peerCallID: word12, .generalError, error: code)), &actions)
        case (.incomingCallRequest, .established) where configuration.role == .pns:
            send(.incomingCallReply(incomingCallReply(peerCallID: word12, callID: 0, .generalError, error: code)), &actions)
        default:
            break  // a reply or notification: no answer exists (§2.16), the violation is logged
        }
    }

    func outgoingCallFailure(
        peerCallID: UInt16, _ result: OutgoingCallResult, error: GeneralErrorCode = .none, cause: CauseCode = .none
    ) -> OutgoingCallReply {
        OutgoingCallReply(
            callID: 0, peerCallID: peerCallID, resultCode: result, errorCode: error, causeCode: cause, connectSpeed: 0,
            packetReceiveWindowSize: configuration.receiveWindowSize,
            packetProcessingDelay: configuration.packetProcessingDelay, physicalChannelID: 0)
    }

    func incomingCallReply(
        peerCallID: UInt16, callID: UInt16, _ result: IncomingCallResult, error: GeneralErrorCode = .none
    ) -> IncomingCallReply {
        IncomingCallReply(
            callID: callID, peerCallID: peerCallID, resultCode: result, errorCode: error,
            packetReceiveWindowSize: configuration.receiveWindowSize,
            packetTransmitDelay: configuration.packetProcessingDelay)
    }
}
