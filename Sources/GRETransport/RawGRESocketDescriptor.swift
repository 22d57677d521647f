import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Opens the raw IP protocol 47 socket itself, rather than through `NIORawSocketBootstrap`:
/// the GRE socket sends and receives on the descriptor directly (`RawDatagramSender`,
/// `RawDatagramReceiver`), and NIO's channel, given the descriptor, watches it.
enum RawGRESocketDescriptor {
    /// A non-blocking raw socket bound to the IPv4 address `address`, closed on exec (child
    /// processes do not inherit the PAC's GRE traffic).
    static func open(address: String) throws(GRESocketError) -> CInt {
        var bound = sockaddr_in()
        bound.sin_family = sa_family_t(AF_INET)
        guard inet_pton(AF_INET, address, &bound.sin_addr) == 1 else {
            throw .cannotBind(address: address, reason: "not an IPv4 address")
        }
        let descriptor = socket(AF_INET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPv4Datagram.greProtocol))
        guard descriptor >= 0 else {
            throw GRESocketError.opening(IOError(errnoCode: errno, reason: "socket"), address: address)
        }
        let result = withUnsafePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let error = IOError(errnoCode: errno, reason: "bind")
            close(descriptor)
            throw GRESocketError.opening(error, address: address)
        }
        return descriptor
    }
}
