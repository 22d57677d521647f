import NIOCore

extension ByteBuffer {
    /// Reads one enhanced GRE packet (RFC 2637 §4.1) starting at the GRE header — the IP
    /// header already removed. The payload is a slice of this buffer. Octets after the
    /// payload (link-layer padding) are consumed and ignored. On error nothing is consumed.
    public mutating func readGREPacket() throws(GREDecodingError) -> GREPacket {
        let start = readerIndex
        let available = readableBytes
        // The fixed part in one read where it is all there: each `getInteger` checks bounds
        // and exclusivity again, a visible share of every packet (docs/performance.md).
        let fixedPart = getInteger(at: start, as: UInt64.self)
        guard let firstWord = fixedPart.map({ UInt32(truncatingIfNeeded: $0 >> 32) }) ?? getInteger(at: start, as: UInt32.self)
        else {
            throw GREDecodingError(
                kind: .truncated(needed: GREHeader.minimumLength), field: "header", offset: 0,
                value: UInt64(available))
        }
        let flags = UInt16(truncatingIfNeeded: firstWord >> 16)
        let protocolType = UInt16(truncatingIfNeeded: firstWord)
        if flags & GREHeader.forbiddenMask != 0 { throw GREHeader.forbiddenFlagError(flags) }
        guard flags & GREHeader.keyBit != 0 else {
            throw GREDecodingError(kind: .keyAbsent, field: "K (key present)", offset: 0, value: UInt64(flags))
        }
        guard flags & GREHeader.versionMask == GREHeader.version else {
            throw GREDecodingError(
                kind: .wrongVersion, field: "Ver", offset: 1, value: UInt64(flags & GREHeader.versionMask))
        }
        guard protocolType == GREHeader.pppProtocolType else {
            throw GREDecodingError(
                kind: .wrongProtocolType, field: "Protocol Type", offset: 2, value: UInt64(protocolType))
        }
        let hasSequence = flags & GREHeader.sequenceBit != 0
        let hasAcknowledgment = flags & GREHeader.acknowledgmentBit != 0
        let headerLength = GREHeader.minimumLength + (hasSequence ? 4 : 0) + (hasAcknowledgment ? 4 : 0)
        guard available >= headerLength, let fixedPart else {
            throw GREDecodingError(
                kind: .truncated(needed: headerLength), field: "header", offset: 0, value: UInt64(available))
        }
        let payloadLength = UInt16(truncatingIfNeeded: fixedPart >> 16)
        let callID = UInt16(truncatingIfNeeded: fixedPart)
        var cursor = start + GREHeader.minimumLength
        var sequenceNumber: UInt32?
        if hasSequence {
            sequenceNumber = getInteger(at: cursor, as: UInt32.self)
            cursor += 4
        }
        var acknowledgmentNumber: UInt32?
        if hasAcknowledgment {
            acknowledgmentNumber = getInteger(at: cursor, as: UInt32.self)
            cursor += 4
        }
        guard Int(payloadLength) <= available - headerLength else {
            throw GREDecodingError(
                kind: .payloadLengthExceedsPacket(available: available - headerLength),
                field: "Payload Length", offset: 4, value: UInt64(payloadLength))
        }
        guard hasSequence || payloadLength == 0 else {
            throw GREDecodingError(
                kind: .payloadWithoutSequenceNumber, field: "Payload Length", offset: 4, value: UInt64(payloadLength))
        }
        let payload = getSlice(at: cursor, length: Int(payloadLength))!
        moveReaderIndex(forwardBy: available)
        return GREPacket(
            header: GREHeader(
                payloadLength: payloadLength, callID: callID, sequenceNumber: sequenceNumber,
                acknowledgmentNumber: acknowledgmentNumber),
            payload: payload)
    }

    /// Appends an enhanced GRE header (RFC 2637 §4.1); the payload, if any, follows it.
    @discardableResult
    public mutating func writeGREHeader(_ header: GREHeader) -> Int {
        let written = setGREHeader(header, at: writerIndex)
        moveWriterIndex(forwardBy: written)
        return written
    }

    /// Writes an enhanced GRE header (RFC 2637 §4.1) at `index`, moving no index; returns its
    /// length (`header.encodedLength`).
    @discardableResult
    public mutating func setGREHeader(_ header: GREHeader, at index: Int) -> Int {
        // Assembled in registers and written at once: each `setInteger` would check the
        // buffer's capacity and uniqueness again, a visible share of every packet
        // (docs/performance.md).
        var octets: (UInt64, UInt64) = (0, 0)
        let length = withUnsafeMutableBytes(of: &octets) { octets in
            octets.storeBytes(of: header.flagsAndVersion.bigEndian, toByteOffset: 0, as: UInt16.self)
            octets.storeBytes(of: GREHeader.pppProtocolType.bigEndian, toByteOffset: 2, as: UInt16.self)
            octets.storeBytes(of: header.payloadLength.bigEndian, toByteOffset: 4, as: UInt16.self)
            octets.storeBytes(of: header.callID.bigEndian, toByteOffset: 6, as: UInt16.self)
            var length = GREHeader.minimumLength
            if let sequenceNumber = header.sequenceNumber {
                octets.storeBytes(of: sequenceNumber.bigEndian, toByteOffset: length, as: UInt32.self)
                length += 4
            }
            if let acknowledgmentNumber = header.acknowledgmentNumber {
                octets.storeBytes(of: acknowledgmentNumber.bigEndian, toByteOffset: length, as: UInt32.self)
                length += 4
            }
            return length
        }
        return withUnsafeBytes(of: &octets) { octets in
            setBytes(UnsafeRawBufferPointer(rebasing: octets[..<length]), at: index)
        }
    }
}
