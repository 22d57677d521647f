import Foundation
import GRETransport
import HDLC
import LineHAL
import NIOCore
import PPTPProtocol
import PPTPWire

/// What the engine gathers about a call while it lives, for its `CallDetailRecord`. Kept
/// apart from `CallRecord` because a call refused before it has a line has a record too.
struct CallDetailDraft {
    var callID: UInt16?
    var peerCallID: UInt16?
    var callSerialNumber: UInt16?
    let direction: CallRecord.Direction
    let connection: ConnectionEntry?
    var line: (any Line)?
    let dialedNumber: String
    var callingNumber: String?
    let startedAt: NIODeadline
    var answeredAt: NIODeadline?
    var resultMessage: String?
    var resultCode: Int?
    var result: String?
    var errorCode: Int?
    var cause: Int?
    var transmitSpeed: Int?
    var receiveSpeed: Int?
    var accm: ACCM?
    var wanErrorNotifies = 0
}

/// Call detail records: drafts follow the messages the PAC sends, records leave at release.
extension PACEngine {
    func beginDetail(_ draft: CallDetailDraft) {
        guard let callID = draft.callID else { return }
        callDetails[callID] = draft
    }

    /// Keeps the results the PAC gave the PNS (the last one wins: a connected call's
    /// Call-Disconnect-Notify replaces its Outgoing-Call-Reply) and counts WAN-Error-Notify.
    func noteSent(_ message: ControlMessage, on entry: ConnectionEntry) {
        switch message {
        case .outgoingCallReply(let reply):
            // A refusal carries Call ID 0 (no call exists for the PNS): find it by the PNS's.
            guard let callID = reply.callID != 0 ? reply.callID : draftID(on: entry, peerCallID: reply.peerCallID)
            else { return }
            callDetails[callID]?.setResult(
                "Outgoing-Call-Reply", reply.resultCode, error: reply.errorCode, cause: reply.causeCode)
        case .callDisconnectNotify(let notify):
            callDetails[notify.callID]?.setResult(
                "Call-Disconnect-Notify", notify.resultCode, error: notify.errorCode, cause: notify.causeCode)
        case .wanErrorNotify(let notify):
            // RFC 2637 §2.14: it carries the PNS's Call ID.
            if let callID = draftID(on: entry, peerCallID: notify.peerCallID) {
                callDetails[callID]?.wanErrorNotifies += 1
            }
        default:
            break
        }
    }

    private func draftID(on entry: ConnectionEntry, peerCallID: UInt16) -> UInt16? {
        callDetails.first { $0.value.connection === entry && $0.value.peerCallID == peerCallID }?.key
    }

    /// The PNS's Incoming-Call-Reply: its Call ID, and its refusal if it refused.
    func noteReceived(_ reply: IncomingCallReply) {
        callDetails[reply.peerCallID]?.peerCallID = reply.callID
        if reply.resultCode != .connect {
            callDetails[reply.peerCallID]?.setResult(
                "Incoming-Call-Reply", reply.resultCode, error: reply.errorCode, cause: nil)
        }
    }

    /// The call is released: its draft becomes a record with the line's and the tunnel's
    /// counters as they stand now.
    func finishDetail(_ callID: UInt16, _ reason: CallReleaseReason, tunnel: TunnelStatistics?) {
        guard let draft = callDetails.removeValue(forKey: callID) else { return }
        let release =
            switch reason {
            case .disconnected: "disconnected"
            case .notEstablished: "not established"
            case .controlConnectionClosed: "control connection closed"
            }
        emit(draft, release: release, tunnel: tunnel)
    }

    /// A ringing line refused before any PNS heard of it: a record without a Call ID.
    func recordRejected(_ line: any Line, _ incoming: IncomingCall, cause: Q931Cause) {
        var draft = CallDetailDraft(
            direction: .incoming, connection: nil, line: line, dialedNumber: incoming.dialedNumber,
            callingNumber: incoming.callerNumber, startedAt: now)
        draft.resultMessage = "line"
        draft.cause = Int(cause.rawValue)
        emit(draft, release: "rejected", tunnel: nil)
    }

    private func emit(_ draft: CallDetailDraft, release: String, tunnel: TunnelStatistics?) {
        guard let callEnded else { return }
        let end = now
        let line = draft.line
        let statistics = draft.answeredAt == nil ? nil : line?.statistics
        callEnded(
            CallDetailRecord(
                callID: draft.callID, peerCallID: draft.peerCallID, callSerialNumber: draft.callSerialNumber,
                direction: draft.direction.rawValue, peer: draft.connection?.peer?.description,
                connection: draft.connection?.id.rawValue, line: line?.id.rawValue,
                bearer: line?.capabilities.bearer.rawValue, framing: line?.capabilities.framing.rawValue,
                dialedNumber: draft.dialedNumber, callingNumber: draft.callingNumber,
                startTime: wallClock(draft.startedAt), answerTime: draft.answeredAt.map(wallClock),
                endTime: wallClock(end),
                durationSeconds: draft.answeredAt.map { Double((end - $0).nanoseconds / 1_000_000) / 1e3 } ?? 0,
                resultMessage: draft.resultMessage, resultCode: draft.resultCode, result: draft.result,
                errorCode: draft.errorCode, cause: draft.cause,
                causeName: draft.cause.flatMap { Q931Cause(rawValue: UInt8(clamping: $0)) }?.name,
                release: release, transmitSpeed: draft.transmitSpeed, receiveSpeed: draft.receiveSpeed,
                sendACCM: draft.accm.map { Self.hex($0.send) }, receiveACCM: draft.accm.map { Self.hex($0.receive) },
                lineCounters: statistics.map(CallDetailRecord.LineCounters.init),
                tunnelCounters: tunnel.map(CallDetailRecord.TunnelCounters.init),
                wanErrorNotifies: draft.wanErrorNotifies))
    }

    /// The engine's clock (virtual under test) as wall-clock time.
    func wallClock(_ deadline: NIODeadline) -> Date {
        clockOrigin.wall.addingTimeInterval(Double((deadline - clockOrigin.deadline).nanoseconds) / 1e9)
    }

    static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
}

extension CallDetailDraft {
    mutating func setResult<Code: PPTPCode>(
        _ message: String, _ code: Code, error: GeneralErrorCode, cause: CauseCode?
    ) where Code.RawValue == UInt8 {
        resultMessage = message
        resultCode = Int(code.rawValue)
        result = Code.definedNames[code.rawValue]
        errorCode = Int(error.rawValue)
        self.cause = cause.map { Int($0.rawValue) }
    }
}

extension CallDetailRecord.LineCounters {
    init(_ s: LineStatistics) {
        self.init(
            framesSent: s.framesSent, framesReceived: s.framesReceived, octetsSent: s.octetsSent,
            octetsReceived: s.octetsReceived, crcErrors: s.crcErrors, framingErrors: s.framingErrors,
            hardwareOverruns: s.hardwareOverruns, bufferOverruns: s.bufferOverruns, timeouts: s.timeouts,
            alignmentErrors: s.alignmentErrors)
    }
}

extension CallDetailRecord.TunnelCounters {
    init(_ s: TunnelStatistics) {
        self.init(
            packetsSent: s.packetsSent, octetsSent: s.octetsSent, packetsReceived: s.packetsReceived,
            octetsReceived: s.octetsReceived, packetsLost: s.packetsLost, dropsStale: s.drops.stale,
            dropsDuplicate: s.drops.duplicate, dropsTransmitQueueFull: s.drops.transmitQueueFull,
            dropsFrameTooLarge: s.drops.frameTooLarge)
    }
}
