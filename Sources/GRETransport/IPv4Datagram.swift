import NIOCore

/// A raw IPv4 socket hands over whole datagrams, IP header included; the GRE header starts
/// after it. This strips the header by its IHL and checks it carries GRE (IP protocol 47).
enum IPv4Datagram {
    static let greProtocol: UInt8 = 47

    enum Rejection: Sendable {
        /// Not IPv4, or an IHL shorter than 20 octets or longer than the datagram.
        case malformedIPHeader
        /// An IPv4 datagram of another protocol.
        case notGRE
    }

    /// Moves `datagram`'s reader index past the IPv4 header; on rejection nothing moves.
    static func stripHeader(_ datagram: inout ByteBuffer) -> Rejection? {
        guard let versionAndLength = datagram.getInteger(at: datagram.readerIndex, as: UInt8.self),
            versionAndLength >> 4 == 4
        else { return .malformedIPHeader }
        let headerLength = Int(versionAndLength & 0x0F) * 4
        guard headerLength >= 20, headerLength <= datagram.readableBytes,
            let ipProtocol = datagram.getInteger(at: datagram.readerIndex + 9, as: UInt8.self)
        else { return .malformedIPHeader }
        guard ipProtocol == greProtocol else { return .notGRE }
        datagram.moveReaderIndex(forwardBy: headerLength)
        return nil
    }
}
