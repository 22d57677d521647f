import NIOCore

extension ByteBuffer {
    /// Appends one control message exactly as RFC 2637 §2 lays it out: big-endian fields,
    /// reserved fields 0, string fields cut to their width and NUL-padded. Returns the octets
    /// written (always the message type's fixed length).
    @discardableResult
    public mutating func writeControlMessage(_ message: ControlMessage) -> Int {
        let type = message.type
        let start = writerIndex
        reserveCapacity(minimumWritableBytes: type.length)
        // RFC 2637 §1.4 fixed header, then the control message header.
        writeInteger(UInt16(type.length))
        writeInteger(PPTPMessageType.control.rawValue)
        writeInteger(PPTPHeader.magicCookie)
        writeInteger(type.rawValue)
        writeInteger(UInt16(0))  // Reserved0
        writeBody(message)
        assert(writerIndex - start == type.length, "\(type) serialized to \(writerIndex - start) octets")
        return type.length
    }

    private mutating func writeBody(_ message: ControlMessage) {
        switch message {
        case .startControlConnectionRequest(let m):
            writeInteger(m.protocolVersion)
            writeInteger(UInt16(0))  // Reserved1
            writeStartIdentity(
                m.framingCapabilities, m.bearerCapabilities, m.maximumChannels, m.firmwareRevision, m.hostName,
                m.vendorName)
        case .startControlConnectionReply(let m):
            writeInteger(m.protocolVersion)
            writeInteger(m.resultCode.rawValue)
            writeInteger(m.errorCode.rawValue)
            writeStartIdentity(
                m.framingCapabilities, m.bearerCapabilities, m.maximumChannels, m.firmwareRevision, m.hostName,
                m.vendorName)
        case .stopControlConnectionRequest(let m):
            writeInteger(m.reason.rawValue)
            writeInteger(UInt8(0))  // Reserved1
            writeInteger(UInt16(0))  // Reserved2
        case .stopControlConnectionReply(let m):
            writeInteger(m.resultCode.rawValue)
            writeInteger(m.errorCode.rawValue)
            writeInteger(UInt16(0))  // Reserved1
        case .echoRequest(let m):
            writeInteger(m.identifier)
        case .echoReply(let m):
            writeInteger(m.identifier)
            writeInteger(m.resultCode.rawValue)
            writeInteger(m.errorCode.rawValue)
            writeInteger(UInt16(0))  // Reserved1
        case .outgoingCallRequest(let m):
            writeInteger(m.callID)
            writeInteger(m.callSerialNumber)
            writeInteger(m.minimumBPS)
            writeInteger(m.maximumBPS)
            writeInteger(m.bearerType.rawValue)
            writeInteger(m.framingType.rawValue)
            writeInteger(m.packetReceiveWindowSize)
            writeInteger(m.packetProcessingDelay)
            writeInteger(fixedStringLength(m.phoneNumber, width: FixedStringWidth.name))
            writeInteger(UInt16(0))  // Reserved1
            writeFixedString(m.phoneNumber, width: FixedStringWidth.name)
            writeFixedString(m.subaddress, width: FixedStringWidth.name)
        case .outgoingCallReply(let m):
            writeInteger(m.callID)
            writeInteger(m.peerCallID)
            writeInteger(m.resultCode.rawValue)
            writeInteger(m.errorCode.rawValue)
            writeInteger(m.causeCode.rawValue)
            writeInteger(m.connectSpeed)
            writeInteger(m.packetReceiveWindowSize)
            writeInteger(m.packetProcessingDelay)
            writeInteger(m.physicalChannelID)
        case .incomingCallRequest(let m):
            writeInteger(m.callID)
            writeInteger(m.callSerialNumber)
            writeInteger(m.bearerType.rawValue)
            writeInteger(m.physicalChannelID)
            writeInteger(fixedStringLength(m.dialedNumber, width: FixedStringWidth.name))
            writeInteger(fixedStringLength(m.dialingNumber, width: FixedStringWidth.name))
            writeFixedString(m.dialedNumber, width: FixedStringWidth.name)
            writeFixedString(m.dialingNumber, width: FixedStringWidth.name)
            writeFixedString(m.subaddress, width: FixedStringWidth.name)
        case .incomingCallReply(let m):
            writeInteger(m.callID)
            writeInteger(m.peerCallID)
            writeInteger(m.resultCode.rawValue)
            writeInteger(m.errorCode.rawValue)
            writeInteger(m.packetReceiveWindowSize)
            writeInteger(m.packetTransmitDelay)
            writeInteger(UInt16(0))  // Reserved1
        case .incomingCallConnected(let m):
            writeInteger(m.peerCallID)
            writeInteger(UInt16(0))  // Reserved1
            writeInteger(m.connectSpeed)
            writeInteger(m.packetReceiveWindowSize)
            writeInteger(m.packetTransmitDelay)
            writeInteger(m.framingType.rawValue)
        case .callClearRequest(let m):
            writeInteger(m.callID)
            writeInteger(UInt16(0))  // Reserved1
        case .callDisconnectNotify(let m):
            writeInteger(m.callID)
            writeInteger(m.resultCode.rawValue)
            writeInteger(m.errorCode.rawValue)
            writeInteger(m.causeCode.rawValue)
            writeInteger(UInt16(0))  // Reserved1
            writeFixedString(m.callStatistics, width: FixedStringWidth.callStatistics)
        case .wanErrorNotify(let m):
            writeInteger(m.peerCallID)
            writeInteger(UInt16(0))  // Reserved1
            writeInteger(m.crcErrors)
            writeInteger(m.framingErrors)
            writeInteger(m.hardwareOverruns)
            writeInteger(m.bufferOverruns)
            writeInteger(m.timeoutErrors)
            writeInteger(m.alignmentErrors)
        case .setLinkInfo(let m):
            writeInteger(m.peerCallID)
            writeInteger(UInt16(0))  // Reserved1
            writeInteger(m.sendACCM)
            writeInteger(m.receiveACCM)
        }
    }

    /// The fields Start-Control-Connection-Request and -Reply share after their first word
    /// (RFC 2637 §2.1, §2.2).
    private mutating func writeStartIdentity(
        _ framing: FramingCapabilities, _ bearer: BearerCapabilities, _ maximumChannels: UInt16,
        _ firmwareRevision: UInt16, _ hostName: String, _ vendorName: String
    ) {
        writeInteger(framing.rawValue)
        writeInteger(bearer.rawValue)
        writeInteger(maximumChannels)
        writeInteger(firmwareRevision)
        writeFixedString(hostName, width: FixedStringWidth.name)
        writeFixedString(vendorName, width: FixedStringWidth.name)
    }

    /// Writes `string` into a field of `width` octets, cut to the field and NUL-padded
    /// (RFC 2637 §2.1: "the remainder of this field SHOULD be filled with octets of value 0").
    private mutating func writeFixedString(_ string: String, width: Int) {
        let written = writeBytes(string.utf8.prefix(width))
        writeRepeatingByte(0, count: width - written)
    }

    private func fixedStringLength(_ string: String, width: Int) -> UInt16 {
        UInt16(min(string.utf8.count, width))
    }
}
