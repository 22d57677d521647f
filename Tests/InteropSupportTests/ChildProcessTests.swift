import Foundation
import Glibc
import InteropSupport
import Testing

@Suite("Child processes")
struct ChildProcessTests {
    /// NIO's sockets have no close-on-exec. A child that inherited one of the test process's
    /// connections kept it open while it ran, so a close on one end reached the other only
    /// when the child exited (HostilePeerTests, docs/reliability.md). The child's own
    /// descriptor table is checked, not a close's effect: that also depends on every other
    /// holder of the socket in this process, which runs many tests at once.
    @Test("a child holds no descriptor of the test process: none of its descriptors is a socket opened here")
    func inheritsNoDescriptors() async throws {
        var ends: [Int32] = [-1, -1]
        // Without SOCK_CLOEXEC, as NIO opens its sockets.
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { ends.forEach { close($0) } }
        let sockets = try ends.map { end in
            var status = stat()
            try #require(fstat(end, &status) == 0)
            return "socket:[\(status.st_ino)]"
        }
        try await withNetworkNamespacePair { pair in
            let child = try pair.run(in: .a, "sleep", ["30"])
            try await waitUntil("the child to run sleep", within: 10) {
                (try? String(contentsOfFile: "/proc/\(child.pid)/comm", encoding: .utf8)) == "sleep\n"
            }
            let table = "/proc/\(child.pid)/fd"
            let held = try FileManager.default.contentsOfDirectory(atPath: table).compactMap {
                try? FileManager.default.destinationOfSymbolicLink(atPath: "\(table)/\($0)")
            }
            #expect(!held.isEmpty, "the child's descriptors were not read")
            #expect(Set(held).isDisjoint(with: sockets), "the child holds \(held)")
        }
    }
}
