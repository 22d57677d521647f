/// Why a received packet is not a valid enhanced GRE packet (RFC 2637 §4.1); names the field,
/// its offset from the start of the GRE header, and the value found.
public struct GREDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Fewer octets than the header's flags require.
        case truncated(needed: Int)
        /// C, R or s set, Recur non-zero, or Flags non-zero: forbidden in PPTP.
        case forbiddenFlag
        /// The K bit is clear: PPTP always carries payload length and Call ID in the key.
        case keyAbsent
        /// Ver is not 1 (enhanced GRE).
        case wrongVersion
        /// Protocol Type is not 0x880B (PPP).
        case wrongProtocolType
        /// Payload Length claims more octets than follow the header.
        case payloadLengthExceedsPacket(available: Int)
        /// A payload without a sequence number (the S bit marks data packets).
        case payloadWithoutSequenceNumber
    }

    public var kind: Kind
    public var field: String
    public var offset: Int
    public var value: UInt64

    public init(kind: Kind, field: String, offset: Int, value: UInt64) {
        self.kind = kind
        self.field = field
        self.offset = offset
        self.value = value
    }

    public var description: String {
        let at = "\(field) at offset \(offset)"
        switch kind {
        case .truncated(let needed):
            return "GRE: packet of \(value) octets, header needs \(needed)"
        case .forbiddenFlag:
            return "GRE: \(at) is set (flags 0x\(String(value, radix: 16))); PPTP requires it clear"
        case .keyAbsent:
            return "GRE: \(at) is clear (flags 0x\(String(value, radix: 16))); PPTP requires the key"
        case .wrongVersion:
            return "GRE: \(at) is \(value), expected 1 (enhanced GRE)"
        case .wrongProtocolType:
            return "GRE: \(at) is 0x\(String(value, radix: 16, uppercase: true)), expected 0x880B (PPP)"
        case .payloadLengthExceedsPacket(let available):
            return "GRE: \(at) is \(value), but only \(available) octets follow the header"
        case .payloadWithoutSequenceNumber:
            return "GRE: \(at) is \(value) with the S bit clear; a payload needs a sequence number"
        }
    }
}
