@testable import PPTPWire

/// Generates valid control messages of every type with random field values, for the
/// round-trip properties; or, as ``extreme(_:)``, with every field at one end of its range.
struct MessageGenerator {
    /// Which end of every field's range an extreme generator fills in.
    enum Extreme {
        /// Integers 0, strings empty, the lowest defined code.
        case minimum
        /// Integers all ones, strings filling their field, the highest defined code.
        case maximum
    }

    var rng: SeededGenerator
    private var extreme: Extreme?

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    /// A generator whose messages hold the edge values instead of random ones.
    static func extreme(_ extreme: Extreme) -> MessageGenerator {
        var generator = MessageGenerator(seed: 0)
        generator.extreme = extreme
        return generator
    }

    mutating func int<T: FixedWidthInteger>(_: T.Type = T.self) -> T { value(in: T.min...T.max) }

    mutating func value<T: FixedWidthInteger>(in range: ClosedRange<T>) -> T {
        switch extreme {
        case .minimum: range.lowerBound
        case .maximum: range.upperBound
        case nil: T.random(in: range, using: &rng)
        }
    }

    /// Printable ASCII without NUL, up to `width` octets: what a fixed string field can hold.
    mutating func text(width: Int = FixedStringWidth.name, alphabet: String = "") -> String {
        let characters = Array(alphabet.isEmpty ? "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_ " : alphabet)
        switch extreme {
        case .minimum: return ""
        case .maximum: return String((0..<width).map { characters[$0 % characters.count] })
        case nil:
            let count = Int.random(in: 0...width, using: &rng)
            return String((0..<count).map { _ in characters.randomElement(using: &rng)! })
        }
    }

    mutating func digits() -> String { text(alphabet: "0123456789*#,W") }

    /// A defined code; the keys are sorted first because a Dictionary's order changes from
    /// process to process, and a seed must replay the same message.
    mutating func code<C: PPTPCode>(_: C.Type) -> C {
        let defined = C.definedNames.keys.sorted()
        return C(rawValue: defined[value(in: 0...defined.count - 1)])!
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
                    bearerType: BearerType(rawValue: value(in: 1...2)),
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
                    framingType: FramingType(rawValue: value(in: 1...2))))
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
