@testable import PPTPWire

/// Generates valid control messages of every type with random field values, for the
/// round-trip properties.
struct MessageGenerator {
    var rng: SeededGenerator

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func int<T: FixedWidthInteger>(_: T.Type = T.self) -> T { T.random(in: T.min...T.max, using: &rng) }

    /// Printable ASCII without NUL, up to `width` octets: what a fixed string field can hold.
    mutating func text(width: Int = FixedStringWidth.name, alphabet: String = "") -> String {
        let characters = Array(alphabet.isEmpty ? "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_ " : alphabet)
        let count = Int.random(in: 0...width, using: &rng)
        return String((0..<count).map { _ in characters.randomElement(using: &rng)! })
    }

    mutating func digits() -> String { text(alphabet: "0123456789*#,W") }

    mutating func code<C: PPTPCode>(_: C.Type) -> C {
        C(rawValue: C.definedNames.keys.randomElement(using: &rng)!)!
    }

    mutating func message(of type: ControlMessageType) -> ControlMessage {
        switch type {
        case .startControlConnectionRequest:
            return .startControlConnectionRequest(
                StartControlConnectionRequest(
                    protocolVersion: int(), framingCapabilities: FramingCapabilities(rawValue: int()),
                    bearerCapabilities: BearerCapabilities(rawValue: int()), maximumChannels: int(),
                    firmwareRevision: int(), hostName: text(), vendorName: text()))
        case .startControlConnectionReply:
            return .startControlConnectionReply(
                StartControlConnectionReply(
                    protocolVersion: int(), resultCode: code(StartControlConnectionResult.self),
                    errorCode: code(GeneralErrorCode.self), framingCapabilities: FramingCapabilities(rawValue: int()),
                    bearerCapabilities: BearerCapabilities(rawValue: int()), maximumChannels: int(),
                    firmwareRevision: int(), hostName: text(), vendorName: text()))
        case .stopControlConnectionRequest:
            return .stopControlConnectionRequest(StopControlConnectionRequest(reason: code(StopControlConnectionReason.self)))
        case .stopControlConnectionReply:
            return .stopControlConnectionReply(
                StopControlConnectionReply(resultCode: code(OKOrGeneralErrorResult.self), errorCode: code(GeneralErrorCode.self)))
        case .echoRequest:
            return .echoRequest(EchoRequest(identifier: int()))
        case .echoReply:
            return .echoReply(
                EchoReply(identifier: int(), resultCode: code(OKOrGeneralErrorResult.self), errorCode: code(GeneralErrorCode.self)))
        case .outgoingCallRequest:
            return .outgoingCallRequest(
                OutgoingCallRequest(
                    callID: int(), callSerialNumber: int(), minimumBPS: int(), maximumBPS: int(),
                    bearerType: code(BearerType.self), framingType: code(FramingType.self),
                    packetReceiveWindowSize: int(), packetProcessingDelay: int(), phoneNumber: digits(),
                    subaddress: text()))
        case .outgoingCallReply:
            return .outgoingCallReply(
                OutgoingCallReply(
                    callID: int(), peerCallID: int(), resultCode: code(OutgoingCallResult.self),
                    errorCode: code(GeneralErrorCode.self), causeCode: CauseCode(rawValue: int()), connectSpeed: int(),
                    packetReceiveWindowSize: int(), packetProcessingDelay: int(), physicalChannelID: int()))
        case .incomingCallRequest:
            return .incomingCallRequest(
                IncomingCallRequest(
                    callID: int(), callSerialNumber: int(),
                    bearerType: BearerType(rawValue: UInt32.random(in: 1...2, using: &rng)),
                    physicalChannelID: int(), dialedNumber: digits(), dialingNumber: digits(), subaddress: text()))
        case .incomingCallReply:
            return .incomingCallReply(
                IncomingCallReply(
                    callID: int(), peerCallID: int(), resultCode: code(IncomingCallResult.self),
                    errorCode: code(GeneralErrorCode.self), packetReceiveWindowSize: int(), packetTransmitDelay: int()))
        case .incomingCallConnected:
            return .incomingCallConnected(
                IncomingCallConnected(
                    peerCallID: int(), connectSpeed: int(), packetReceiveWindowSize: int(), packetTransmitDelay: int(),
                    framingType: FramingType(rawValue: UInt32.random(in: 1...2, using: &rng))))
        case .callClearRequest:
            return .callClearRequest(CallClearRequest(callID: int()))
        case .callDisconnectNotify:
            return .callDisconnectNotify(
                CallDisconnectNotify(
                    callID: int(), resultCode: code(CallDisconnectResult.self), errorCode: code(GeneralErrorCode.self),
                    causeCode: CauseCode(rawValue: int()), callStatistics: text(width: FixedStringWidth.callStatistics)))
        case .wanErrorNotify:
            return .wanErrorNotify(
                WANErrorNotify(
                    peerCallID: int(), crcErrors: int(), framingErrors: int(), hardwareOverruns: int(),
                    bufferOverruns: int(), timeoutErrors: int(), alignmentErrors: int()))
        case .setLinkInfo:
            return .setLinkInfo(SetLinkInfo(peerCallID: int(), sendACCM: int(), receiveACCM: int()))
        }
    }
}
