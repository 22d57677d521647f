import NIOCore

/// The enhanced GRE header that carries PPP frames of a call (RFC 2637 §4.1).
///
/// Only the variable parts are stored; the constant ones (C, R, s, Recur and Flags 0, K 1,
/// Ver 1, Protocol Type 0x880B) are written by the serializer and checked by the parser.
public struct GREHeader: Hashable, Sendable {
    /// Protocol Type for PPP (RFC 2637 §4.1, [8]).
    public static let pppProtocolType: UInt16 = 0x880B
    /// Ver field of enhanced GRE.
    public static let version: UInt16 = 1
    /// Flags, protocol type and key, present in every packet.
    public static let minimumLength = 8

    static let checksumBit: UInt16 = 0x8000
    static let routingBit: UInt16 = 0x4000
    static let keyBit: UInt16 = 0x2000
    static let sequenceBit: UInt16 = 0x1000
    static let strictSourceRouteBit: UInt16 = 0x0800
    static let recursionMask: UInt16 = 0x0700
    static let acknowledgmentBit: UInt16 = 0x0080
    static let flagsMask: UInt16 = 0x0078
    static let versionMask: UInt16 = 0x0007
    /// Bits RFC 2637 §4.1 requires clear: C, R, s, Recur and Flags.
    static let forbiddenMask = checksumBit | routingBit | strictSourceRouteBit | recursionMask | flagsMask

    /// Names the first forbidden bit set in `flags`; only built on the error path.
    static func forbiddenFlagError(_ flags: UInt16) -> GREDecodingError {
        let names: [(UInt16, String)] = [
            (checksumBit, "C (checksum present)"), (routingBit, "R (routing present)"),
            (strictSourceRouteBit, "s (strict source route)"), (recursionMask, "Recur"), (flagsMask, "Flags"),
        ]
        let name = names.first(where: { flags & $0.0 != 0 }).map(\.1) ?? "Flags"
        return GREDecodingError(kind: .forbiddenFlag, field: name, offset: 0, value: UInt64(flags))
    }

    /// Size of the payload, not including the GRE header (high half of the Key).
    public var payloadLength: UInt16
    /// The Peer's Call ID of the session (low half of the Key).
    public var callID: UInt16
    /// Present exactly when the packet carries a payload (S bit).
    public var sequenceNumber: UInt32?
    /// The highest sequence number received from the peer, when acknowledging (A bit).
    public var acknowledgmentNumber: UInt32?

    public init(payloadLength: UInt16, callID: UInt16, sequenceNumber: UInt32?, acknowledgmentNumber: UInt32?) {
        self.payloadLength = payloadLength
        self.callID = callID
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
    }

    /// A packet with no payload that only acknowledges (RFC 2637 §4.1: S clear, A set).
    public static func acknowledgmentOnly(callID: UInt16, acknowledgmentNumber: UInt32) -> GREHeader {
        GREHeader(payloadLength: 0, callID: callID, sequenceNumber: nil, acknowledgmentNumber: acknowledgmentNumber)
    }

    /// Octets this header occupies on the wire: 8, plus 4 for each optional number present.
    public var encodedLength: Int {
        Self.minimumLength + (sequenceNumber == nil ? 0 : 4) + (acknowledgmentNumber == nil ? 0 : 4)
    }

    var flagsAndVersion: UInt16 {
        Self.keyBit | (sequenceNumber == nil ? 0 : Self.sequenceBit)
            | (acknowledgmentNumber == nil ? 0 : Self.acknowledgmentBit) | Self.version
    }
}

/// A decoded GRE packet: header and the PPP frame it carries (a view into the received
/// buffer, not a copy).
public struct GREPacket: Hashable, Sendable {
    public var header: GREHeader
    /// The PPP frame without media framing (RFC 2637 §4.1); empty for an acknowledgment.
    public var payload: ByteBuffer

    public init(header: GREHeader, payload: ByteBuffer) {
        self.header = header
        self.payload = payload
    }
}
