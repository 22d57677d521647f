import NIOCore

/// A raw IPv4 socket hands over whole datagrams, IP header included; the GRE header starts
/// after it. This strips the header by its IHL, checks it carries GRE (IP protocol 47), and
/// reads the sender's address from it (RFC 791 §3.1).
enum IPv4Datagram {
    static let greProtocol: UInt8 = 47

    enum Rejection: Error {
        /// Not IPv4, or an IHL shorter than 20 octets or longer than the datagram.
        case malformedIPHeader
        /// An IPv4 datagram of another protocol.
        case notGRE
    }

    /// Moves `datagram`'s reader index past the IPv4 header and returns the source address
    /// (network byte order, as in `sin_addr.s_addr`); on rejection nothing moves.
    static func stripHeader(_ datagram: inout ByteBuffer) -> Result<UInt32, Rejection> {
        let start = datagram.readerIndex
        guard let versionAndLength = datagram.getInteger(at: start, as: UInt8.self), versionAndLength >> 4 == 4
        else { return .failure(.malformedIPHeader) }
        let headerLength = Int(versionAndLength & 0x0F) * 4
        guard headerLength >= 20, headerLength <= datagram.readableBytes,
            let ipProtocol = datagram.getInteger(at: start + 9, as: UInt8.self),
            let source = datagram.getInteger(at: start + 12, endianness: .host, as: UInt32.self)
        else { return .failure(.malformedIPHeader) }
        guard ipProtocol == greProtocol else { return .failure(.notGRE) }
        datagram.moveReaderIndex(forwardBy: headerLength)
        return .success(source)
    }
}
