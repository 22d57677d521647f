import Glibc
import NIOCore
import NIOPosix

/// A one-thread event loop group whose thread has joined a network namespace with setns(2),
/// so every socket the loop creates belongs to that namespace: a raw socket is bound to the
/// namespace it was created in and keeps it, whatever thread uses it later.
struct NamespacedEventLoop {
    enum Failure: Error, CustomStringConvertible {
        case setns(namespace: String, errno: Int32)
        var description: String {
            switch self {
            case .setns(let namespace, let errno):
                "cannot join network namespace \(namespace): \(String(cString: strerror(errno)))"
            }
        }
    }

    let group: MultiThreadedEventLoopGroup
    var eventLoop: EventLoop { group.next() }

    /// Joins `/var/run/netns/<namespace>` (the file `ip netns add` creates) on the loop's thread.
    static func make(in namespace: String) async throws -> NamespacedEventLoop {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            try await group.next().submit {
                let descriptor = open("/var/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw Failure.setns(namespace: namespace, errno: errno) }
                defer { close(descriptor) }
                guard Self.joinNetworkNamespace(descriptor) == 0 else { throw Failure.setns(namespace: namespace, errno: errno) }
            }.get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        return NamespacedEventLoop(group: group)
    }

    /// setns(fd, CLONE_NEWNET). Glibc's Swift module leaves setns out (it is a _GNU_SOURCE
    /// declaration), so the C function is looked up by name.
    private static func joinNetworkNamespace(_ descriptor: Int32) -> Int32 {
        typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        let cloneNewNet: Int32 = 0x4000_0000
        // RTLD_DEFAULT is NULL in glibc.
        guard let symbol = dlsym(nil, "setns") else {
            errno = ENOSYS
            return -1
        }
        return unsafeBitCast(symbol, to: SetNS.self)(descriptor, cloneNewNet)
    }

    func shutDown() async throws {
        try await group.shutdownGracefully()
    }
}
