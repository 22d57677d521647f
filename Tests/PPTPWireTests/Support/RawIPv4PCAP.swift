import NIOCore

/// Builds a classic pcap file of IPv4 packets (LINKTYPE_RAW) with one protocol number, so
/// tshark can dissect what we put above IP. NIOWritePCAPHandler only synthesizes TCP, and
/// enhanced GRE is IP protocol 47 (RFC 2637 §4.1).
struct RawIPv4PCAP {
    /// LINKTYPE_RAW: each record starts with the IP header.
    static let linkTypeRaw: UInt32 = 101

    let source: (UInt8, UInt8, UInt8, UInt8)
    let destination: (UInt8, UInt8, UInt8, UInt8)
    let ipProtocol: UInt8
    private(set) var file = ByteBuffer()
    private var identification: UInt16 = 0

    init(source: (UInt8, UInt8, UInt8, UInt8), destination: (UInt8, UInt8, UInt8, UInt8), ipProtocol: UInt8) {
        self.source = source
        self.destination = destination
        self.ipProtocol = ipProtocol
        // Global header, little-endian as the magic number tells the reader: version 2.4,
        // GMT offset 0, accuracy 0, snapshot length 65535.
        file.writeInteger(UInt32(0xA1B2_C3D4), endianness: .little)
        file.writeInteger(UInt16(2), endianness: .little)
        file.writeInteger(UInt16(4), endianness: .little)
        file.writeInteger(Int32(0), endianness: .little)
        file.writeInteger(UInt32(0), endianness: .little)
        file.writeInteger(UInt32(65_535), endianness: .little)
        file.writeInteger(Self.linkTypeRaw, endianness: .little)
    }

    /// Appends one record: an IPv4 header (no options, DF, TTL 64, correct checksum) and `payload`.
    mutating func append(_ payload: ByteBuffer) {
        let totalLength = 20 + payload.readableBytes
        identification &+= 1
        var header = ByteBuffer()
        header.writeInteger(UInt8(0x45))  // version 4, IHL 5
        header.writeInteger(UInt8(0))  // DSCP/ECN
        header.writeInteger(UInt16(totalLength))
        header.writeInteger(identification)
        header.writeInteger(UInt16(0x4000))  // DF, fragment offset 0
        header.writeInteger(UInt8(64))  // TTL
        header.writeInteger(ipProtocol)
        header.writeInteger(UInt16(0))  // checksum, filled in below
        header.writeBytes([source.0, source.1, source.2, source.3])
        header.writeBytes([destination.0, destination.1, destination.2, destination.3])
        header.setInteger(Self.checksum(header.readableBytesView), at: 10)

        let seconds = UInt32(identification)  // one packet a second from the epoch: stable files
        file.writeInteger(seconds, endianness: .little)
        file.writeInteger(UInt32(0), endianness: .little)
        file.writeInteger(UInt32(totalLength), endianness: .little)
        file.writeInteger(UInt32(totalLength), endianness: .little)
        file.writeImmutableBuffer(header)
        file.writeImmutableBuffer(payload)
    }

    /// The Internet checksum (RFC 791, RFC 1071): one's complement of the one's-complement
    /// sum of the header's 16-bit words.
    static func checksum(_ bytes: ByteBufferView) -> UInt16 {
        var sum: UInt32 = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let high = UInt32(bytes[index]) << 8
            let low = bytes.index(after: index) < bytes.endIndex ? UInt32(bytes[bytes.index(after: index)]) : 0
            sum += high | low
            index = bytes.index(index, offsetBy: 2, limitedBy: bytes.endIndex) ?? bytes.endIndex
        }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
