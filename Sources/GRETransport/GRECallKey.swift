import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// How a received GRE packet finds its call: the peer's IPv4 address and the Call ID in the
/// packet, which is the Call ID this side assigned (RFC 2637 §4.1: the key carries "the
/// Peer's Call ID", the receiver's own). Call IDs are unique per PAC–PNS pair, so the address
/// is part of the key.
public struct GRECallKey: Hashable, Sendable, CustomStringConvertible {
    /// The peer's IPv4 address as the socket API holds it (network byte order).
    let peerAddress: UInt32
    public let callID: UInt16

    init(peerAddress: UInt32, callID: UInt16) {
        self.peerAddress = peerAddress
        self.callID = callID
    }

    /// The key for `callID` with `peer`; throws if `peer` is not IPv4.
    public init(peer: SocketAddress, callID: UInt16) throws(GRESocketError) {
        guard case .v4(let address) = peer else { throw .peerNotIPv4("\(peer)") }
        self.init(peerAddress: address.address.sin_addr.s_addr, callID: callID)
    }

    /// The peer as a destination for the raw socket: its address, port 0.
    var socketAddress: SocketAddress {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = peerAddress
        return SocketAddress(address, host: "")
    }

    public var description: String {
        let octets = withUnsafeBytes(of: peerAddress) { Array($0) }
        return "peer \(octets.map(String.init).joined(separator: ".")) Call ID \(callID)"
    }
}
