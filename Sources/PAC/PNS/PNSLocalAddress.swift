import GRETransport
import NIOCore
import NIOPosix

/// The address the PNS role speaks from when the PAC is on this very host.
///
/// Every raw GRE socket of a host sees every GRE packet (docs/interop-notes.md), and a tunnel
/// knows its packets by (peer address, Call ID). A PAC and a PNS both on 127.0.0.1 would each
/// take the other's outgoing packets for their own whenever their Call IDs meet, and a PAC
/// would feed its own frames back into its line. Speaking from a second loopback address
/// (the whole of 127.0.0.0/8 is local on Linux) keeps the two apart: the PNS binds its
/// control connection and its GRE socket to that address, so it receives only what is sent
/// to it, and the PAC ignores its own packets as coming from no peer of its.
public enum PNSLocalAddress {
    /// 127.0.0.2 (or 127.0.0.3 when the PAC is at 127.0.0.2) for a PAC on a loopback
    /// address; nil, leaving the choice to the kernel, for any other PAC.
    public static func toward(pac host: String) -> String? {
        let loopback = IPv4Network("127.0.0.0/8")!
        guard let pac = host == "localhost" ? IPv4Address("127.0.0.1") : IPv4Address(host), loopback.contains(pac)
        else { return nil }
        return pac == IPv4Address("127.0.0.2") ? "127.0.0.3" : "127.0.0.2"
    }
}

extension ClientBootstrap {
    /// This bootstrap, bound to `PNSLocalAddress.toward(pac:)` when the PAC is on this host.
    public func bound(towardPAC host: String) throws -> ClientBootstrap {
        guard let local = PNSLocalAddress.toward(pac: host) else { return self }
        return bind(to: try SocketAddress(ipAddress: local, port: 0))
    }
}

extension GRESocket {
    /// A GRE socket for the PNS role, bound to `PNSLocalAddress.toward(pac:)` when the PAC is
    /// on this host, like the control connection (`ClientBootstrap.bound(towardPAC:)`): its
    /// packets then come from the address the PAC knows the peer by.
    public static func start(on eventLoop: any EventLoop, towardPAC host: String) -> EventLoopFuture<GRESocket> {
        start(on: eventLoop, address: PNSLocalAddress.toward(pac: host) ?? "0.0.0.0")
    }
}
