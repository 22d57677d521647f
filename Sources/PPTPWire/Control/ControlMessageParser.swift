import NIOCore

/// Decodes PPTP control messages (RFC 2637 §1.4, §2.1–§2.15) from bytes.
///
/// Framing and content are checked separately: `messageLength(in:)` finds message boundaries
/// on the TCP stream and throws only when they can no longer be trusted; `parse(_:)` decodes
/// one complete message and throws errors that concern that message alone.
public enum ControlMessageParser {
    /// How much of the RFC's "MUST be 0" and enumerated-value rules to enforce.
    public enum Strictness: Sendable {
        /// Reject non-zero reserved fields and undefined values (Bad-Value, RFC 2637 §2.16).
        case strict
        /// Accept them and keep the raw values: for capture analysis and quirky peers.
        case lenient
    }

    /// The largest Length accepted before the stream is declared out of sync. The largest
    /// defined message is 220 octets (Incoming-Call-Request); the margin lets a future or
    /// unknown message type be skipped without buffering an endless one.
    public static let maximumMessageLength = 1024

    /// The length of the message at the buffer's reader index, once its 8-octet fixed header
    /// is readable; nil while more bytes are needed.
    ///
    /// Throws when the Length is out of bounds or the Magic Cookie is wrong: the stream has
    /// lost synchronization and RFC 2637 §1.4 requires closing the TCP session. An impossible
    /// Length throws as soon as its two octets are in, not after waiting for six more.
    public static func messageLength(in buffer: ByteBuffer) throws(ControlMessageDecodingError) -> Int? {
        let at = buffer.readerIndex
        guard let length = buffer.getInteger(at: at, as: UInt16.self) else { return nil }
        let type = buffer.getInteger(at: at + 8, as: UInt16.self).flatMap(ControlMessageType.init(rawValue:))
        guard (PPTPHeader.controlHeaderLength...maximumMessageLength).contains(Int(length)) else {
            throw ControlMessageDecodingError(
                kind: .lengthOutOfBounds(minimum: PPTPHeader.controlHeaderLength, maximum: maximumMessageLength),
                messageType: type, field: "Length", offset: 0, value: UInt64(length))
        }
        guard let cookie = buffer.getInteger(at: at + 4, as: UInt32.self) else { return nil }
        guard cookie == PPTPHeader.magicCookie else {
            throw ControlMessageDecodingError(
                kind: .badMagicCookie, messageType: type, field: "Magic Cookie", offset: 4, value: UInt64(cookie))
        }
        return Int(length)
    }

    /// Decodes one complete message: `message` holds exactly the octets its Length announces.
    public static func parse(_ message: ByteBuffer, strictness: Strictness = .strict)
        throws(ControlMessageDecodingError) -> ControlMessage
    {
        let at = message.readerIndex
        let length = Int(message.getInteger(at: at, as: UInt16.self) ?? 0)
        guard message.readableBytes >= PPTPHeader.controlHeaderLength, length == message.readableBytes,
            let cookie = message.getInteger(at: at + 4, as: UInt32.self),
            let pptpType = message.getInteger(at: at + 2, as: UInt16.self),
            let rawType = message.getInteger(at: at + 8, as: UInt16.self)
        else {
            throw ControlMessageDecodingError(
                kind: .lengthOutOfBounds(minimum: PPTPHeader.controlHeaderLength, maximum: maximumMessageLength),
                messageType: nil, field: "Length", offset: 0, value: UInt64(message.readableBytes))
        }
        guard cookie == PPTPHeader.magicCookie else {
            throw ControlMessageDecodingError(
                kind: .badMagicCookie, messageType: nil, field: "Magic Cookie", offset: 4, value: UInt64(cookie))
        }
        switch PPTPMessageType(rawValue: pptpType) {
        case .control: break
        case .management:
            throw ControlMessageDecodingError(
                kind: .managementMessage, messageType: nil, field: "PPTP Message Type", offset: 2, value: 2)
        case nil:
            throw ControlMessageDecodingError(
                kind: .unknownPPTPMessageType, messageType: nil, field: "PPTP Message Type", offset: 2,
                value: UInt64(pptpType))
        }
        guard let type = ControlMessageType(rawValue: rawType) else {
            throw ControlMessageDecodingError(
                kind: .unknownControlMessageType, messageType: nil, field: "Control Message Type", offset: 8,
                value: UInt64(rawType))
        }
        guard length == type.length else {
            throw ControlMessageDecodingError(
                kind: .lengthMismatch(expected: type.length), messageType: type, field: "Length", offset: 0,
                value: UInt64(length))
        }
        var reader = FieldReader(message: message, type: type, strictness: strictness)
        _ = try reader.integer("Length", as: UInt16.self)
        _ = try reader.integer("PPTP Message Type", as: UInt16.self)
        _ = try reader.integer("Magic Cookie", as: UInt32.self)
        _ = try reader.integer("Control Message Type", as: UInt16.self)
        try reader.reserved("Reserved0", as: UInt16.self)
        return try parseBody(type, &reader)
    }

    // RFC 2637 §2.1–§2.15: the body of each message after the 12-octet control header.
    private static func parseBody(_ type: ControlMessageType, _ r: inout FieldReader)
        throws(ControlMessageDecodingError) -> ControlMessage
    {
        switch type {
        case .startControlConnectionRequest:
            let version: UInt16 = try r.integer("Protocol Version")
            try r.reserved("Reserved1", as: UInt16.self)
            return .startControlConnectionRequest(
                StartControlConnectionRequest(
                    protocolVersion: version,
                    framingCapabilities: FramingCapabilities(rawValue: try r.integer("Framing Capabilities")),
                    bearerCapabilities: BearerCapabilities(rawValue: try r.integer("Bearer Capabilities")),
                    maximumChannels: try r.integer("Maximum Channels"),
                    firmwareRevision: try r.integer("Firmware Revision"),
                    hostName: try r.string("Host Name", width: FixedStringWidth.name),
                    vendorName: try r.string("Vendor String", width: FixedStringWidth.name)))
        case .startControlConnectionReply:
            return .startControlConnectionReply(
                StartControlConnectionReply(
                    protocolVersion: try r.integer("Protocol Version"),
                    resultCode: try r.code("Result Code"),
                    errorCode: try r.code("Error Code"),
                    framingCapabilities: FramingCapabilities(rawValue: try r.integer("Framing Capabilities")),
                    bearerCapabilities: BearerCapabilities(rawValue: try r.integer("Bearer Capabilities")),
                    maximumChannels: try r.integer("Maximum Channels"),
                    firmwareRevision: try r.integer("Firmware Revision"),
                    hostName: try r.string("Host Name", width: FixedStringWidth.name),
                    vendorName: try r.string("Vendor String", width: FixedStringWidth.name)))
        case .stopControlConnectionRequest:
            let reason: StopControlConnectionReason = try r.code("Reason")
            try r.reserved("Reserved1", as: UInt8.self)
            try r.reserved("Reserved2", as: UInt16.self)
            return .stopControlConnectionRequest(StopControlConnectionRequest(reason: reason))
        case .stopControlConnectionReply:
            let result: OKOrGeneralErrorResult = try r.code("Result Code")
            let error: GeneralErrorCode = try r.code("Error Code")
            try r.reserved("Reserved1", as: UInt16.self)
            return .stopControlConnectionReply(StopControlConnectionReply(resultCode: result, errorCode: error))
        case .echoRequest:
            return .echoRequest(EchoRequest(identifier: try r.integer("Identifier")))
        case .echoReply:
            let identifier: UInt32 = try r.integer("Identifier")
            let result: OKOrGeneralErrorResult = try r.code("Result Code")
            let error: GeneralErrorCode = try r.code("Error Code")
            try r.reserved("Reserved1", as: UInt16.self)
            return .echoReply(EchoReply(identifier: identifier, resultCode: result, errorCode: error))
        case .outgoingCallRequest:
            return .outgoingCallRequest(try parseOutgoingCallRequest(&r))
        case .outgoingCallReply:
            return .outgoingCallReply(
                OutgoingCallReply(
                    callID: try r.integer("Call ID"),
                    peerCallID: try r.integer("Peer's Call ID"),
                    resultCode: try r.code("Result Code"),
                    errorCode: try r.code("Error Code"),
                    causeCode: CauseCode(rawValue: try r.integer("Cause Code")),
                    connectSpeed: try r.integer("Connect Speed"),
                    packetReceiveWindowSize: try r.integer("Packet Recv. Window Size"),
                    packetProcessingDelay: try r.integer("Packet Processing Delay"),
                    physicalChannelID: try r.integer("Physical Channel ID")))
        case .incomingCallRequest:
            return .incomingCallRequest(try parseIncomingCallRequest(&r))
        case .incomingCallReply:
            let reply = IncomingCallReply(
                callID: try r.integer("Call ID"),
                peerCallID: try r.integer("Peer's Call ID"),
                resultCode: try r.code("Result Code"),
                errorCode: try r.code("Error Code"),
                packetReceiveWindowSize: try r.integer("Packet Recv. Window Size"),
                packetTransmitDelay: try r.integer("Packet Transmit Delay"))
            try r.reserved("Reserved1", as: UInt16.self)
            return .incomingCallReply(reply)
        case .incomingCallConnected:
            let peerCallID: UInt16 = try r.integer("Peer's Call ID")
            try r.reserved("Reserved1", as: UInt16.self)
            return .incomingCallConnected(
                IncomingCallConnected(
                    peerCallID: peerCallID,
                    connectSpeed: try r.integer("Connect Speed"),
                    packetReceiveWindowSize: try r.integer("Packet Recv. Window Size"),
                    packetTransmitDelay: try r.integer("Packet Transmit Delay"),
                    framingType: try r.code("Framing Type", allowed: 1...2)))
        case .callClearRequest:
            let callID: UInt16 = try r.integer("Call ID")
            try r.reserved("Reserved1", as: UInt16.self)
            return .callClearRequest(CallClearRequest(callID: callID))
        case .callDisconnectNotify:
            let callID: UInt16 = try r.integer("Call ID")
            let result: CallDisconnectResult = try r.code("Result Code")
            let error: GeneralErrorCode = try r.code("Error Code")
            let cause = CauseCode(rawValue: try r.integer("Cause Code"))
            try r.reserved("Reserved1", as: UInt16.self)
            return .callDisconnectNotify(
                CallDisconnectNotify(
                    callID: callID, resultCode: result, errorCode: error, causeCode: cause,
                    callStatistics: try r.string("Call Statistics", width: FixedStringWidth.callStatistics)))
        case .wanErrorNotify:
            let peerCallID: UInt16 = try r.integer("Peer's Call ID")
            try r.reserved("Reserved1", as: UInt16.self)
            return .wanErrorNotify(
                WANErrorNotify(
                    peerCallID: peerCallID,
                    crcErrors: try r.integer("CRC Errors"),
                    framingErrors: try r.integer("Framing Errors"),
                    hardwareOverruns: try r.integer("Hardware Overruns"),
                    bufferOverruns: try r.integer("Buffer Overruns"),
                    timeoutErrors: try r.integer("Time-out Errors"),
                    alignmentErrors: try r.integer("Alignment Errors")))
        case .setLinkInfo:
            let peerCallID: UInt16 = try r.integer("Peer's Call ID")
            try r.reserved("Reserved1", as: UInt16.self)
            return .setLinkInfo(
                SetLinkInfo(
                    peerCallID: peerCallID, sendACCM: try r.integer("Send ACCM"),
                    receiveACCM: try r.integer("Receive ACCM")))
        }
    }

    // RFC 2637 §2.7
    private static func parseOutgoingCallRequest(_ r: inout FieldReader)
        throws(ControlMessageDecodingError) -> OutgoingCallRequest
    {
        let callID: UInt16 = try r.integer("Call ID")
        let serial: UInt16 = try r.integer("Call Serial Number")
        let minimumBPS: UInt32 = try r.integer("Minimum BPS")
        let maximumBPS: UInt32 = try r.integer("Maximum BPS")
        let bearer: BearerType = try r.code("Bearer Type", allowed: 1...3)
        let framing: FramingType = try r.code("Framing Type", allowed: 1...3)
        let window: UInt16 = try r.integer("Packet Recv. Window Size")
        let delay: UInt16 = try r.integer("Packet Processing Delay")
        let phoneLength = try r.stringLength("Phone Number Length", maximum: FixedStringWidth.name)
        try r.reserved("Reserved1", as: UInt16.self)
        let phone = try r.string("Phone Number", width: FixedStringWidth.name)
        return OutgoingCallRequest(
            callID: callID, callSerialNumber: serial, minimumBPS: minimumBPS, maximumBPS: maximumBPS,
            bearerType: bearer, framingType: framing, packetReceiveWindowSize: window,
            packetProcessingDelay: delay, phoneNumber: truncated(phone, to: phoneLength),
            subaddress: try r.string("Subaddress", width: FixedStringWidth.name))
    }

    // RFC 2637 §2.9
    private static func parseIncomingCallRequest(_ r: inout FieldReader)
        throws(ControlMessageDecodingError) -> IncomingCallRequest
    {
        let callID: UInt16 = try r.integer("Call ID")
        let serial: UInt16 = try r.integer("Call Serial Number")
        let bearer: BearerType = try r.code("Call Bearer Type", allowed: 1...2)
        let channel: UInt32 = try r.integer("Physical Channel ID")
        let dialedLength = try r.stringLength("Dialed Number Length", maximum: FixedStringWidth.name)
        let dialingLength = try r.stringLength("Dialing Number Length", maximum: FixedStringWidth.name)
        let dialed = try r.string("Dialed Number", width: FixedStringWidth.name)
        let dialing = try r.string("Dialing Number", width: FixedStringWidth.name)
        return IncomingCallRequest(
            callID: callID, callSerialNumber: serial, bearerType: bearer, physicalChannelID: channel,
            dialedNumber: truncated(dialed, to: dialedLength), dialingNumber: truncated(dialing, to: dialingLength),
            subaddress: try r.string("Subaddress", width: FixedStringWidth.name))
    }

    /// A number field holds "the actual number of valid digits" given by its length field
    /// (RFC 2637 §2.7, §2.9); octets past it are padding even when they are not NUL.
    private static func truncated(_ number: String, to length: UInt16) -> String {
        number.utf8.count <= Int(length) ? number : String(decoding: number.utf8.prefix(Int(length)), as: UTF8.self)
    }
}
