import Glibc
import InteropSupport
import NIOCore
import NIOPosix
import Testing

@testable import GRETransport

@Suite("GRE socket without the raw-socket privilege")
struct GRESocketPrivilegeTests {
    @Test("starting on a thread without CAP_NET_RAW fails with needsRawSocketPrivilege, naming root and CAP_NET_RAW")
    func withoutCapNetRaw() async throws {
        try Privilege.requireRoot()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let eventLoop = group.next()
            try await eventLoop.submit { try ThreadCapabilities.dropEffective(ThreadCapabilities.netRaw) }.get()
            let error = await #expect(throws: GRESocketError.self) { try await GRESocket.start(on: eventLoop).get() }
            #expect(error == .needsRawSocketPrivilege(errno: EPERM))
            #expect(error?.description.contains("CAP_NET_RAW") == true)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }
}
