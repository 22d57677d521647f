import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Why the GRE socket could not start or a call could not be registered.
public enum GRESocketError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kernel refused a raw IP protocol 47 socket: it takes root or CAP_NET_RAW.
    case needsRawSocketPrivilege(errno: Int32)
    /// The raw socket could not be created or bound to `address` for another reason.
    case cannotBind(address: String, reason: String)
    /// Calls are addressed by IPv4 peer address; this address is not one.
    case peerNotIPv4(String)
    /// A call with this peer address and Call ID is already registered.
    case callAlreadyOpen(GRECallKey)

    public var description: String {
        switch self {
        case .needsRawSocketPrivilege(let errno):
            return "GRE: opening a raw IP protocol 47 socket was refused (errno \(errno)); "
                + "run as root or grant CAP_NET_RAW (setcap cap_net_raw+ep on the binary)"
        case .cannotBind(let address, let reason):
            return "GRE: cannot open the raw IP protocol 47 socket on \(address): \(reason)"
        case .peerNotIPv4(let address):
            return "GRE: peer \(address) is not an IPv4 address; PPTP's GRE runs over IPv4"
        case .callAlreadyOpen(let key):
            return "GRE: a call is already open for \(key)"
        }
    }

    /// Translates a socket failure; EPERM/EACCES mean missing privilege, not a bad address.
    static func opening(_ error: any Error, address: String) -> GRESocketError {
        if let error = error as? IOError, error.errnoCode == EPERM || error.errnoCode == EACCES {
            return .needsRawSocketPrivilege(errno: error.errnoCode)
        }
        return .cannotBind(address: address, reason: "\(error)")
    }
}
