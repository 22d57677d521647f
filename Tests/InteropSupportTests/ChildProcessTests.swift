import Foundation
import Glibc
import InteropSupport
import Testing

@Suite("Child processes")
struct ChildProcessTests {
    /// NIO's sockets have no close-on-exec. A child that inherited one of the test process's
    /// connections kept it open while it ran, so a close on one end reached the other only
    /// when the child exited (HostilePeerTests, docs/reliability.md).
    @Test("a child holds no descriptor of the test process: a connection closed here ends at once while the child runs")
    func inheritsNoDescriptors() async throws {
        var ends: [Int32] = [-1, -1]
        // Without SOCK_CLOEXEC, as NIO opens its sockets.
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { close(ends[1]) }
        try await withNetworkNamespacePair { pair in
            let child = try pair.run(in: .a, "sleep", ["30"])
            try await waitUntil("the child to run sleep", within: 10) {
                (try? String(contentsOfFile: "/proc/\(child.pid)/comm", encoding: .utf8)) == "sleep\n"
            }
            close(ends[0])
            var octet: UInt8 = 0
            let received = recv(ends[1], &octet, 1, Int32(MSG_DONTWAIT))
            #expect(received == 0, "the other end reads end of file, not \(received == -1 ? "errno \(errno)" : "\(received) octets")")
        }
    }
}
