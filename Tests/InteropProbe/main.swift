// A tiny executable for InteropSupportTests: proves that BuiltProduct and
// NetworkNamespacePair.runBuiltProduct run a Swift-built binary inside a namespace.
// It binds a UDP socket to the IPv4 address given as its argument, which succeeds only
// where that address is local, and prints its PID. Exit 0 bound, 1 not, 2 bad usage.
import Glibc

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    print("usage: InteropProbe IPV4-ADDRESS")
    exit(2)
}
var address = sockaddr_in()
address.sin_family = sa_family_t(AF_INET)
guard inet_pton(AF_INET, arguments[1], &address.sin_addr) == 1 else {
    print("not an IPv4 address: \(arguments[1])")
    exit(2)
}
let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
    }
}
print("pid \(getpid()) \(bound ? "bound" : "cannot bind") \(arguments[1])")
exit(bound ? 0 : 1)
