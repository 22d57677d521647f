import Foundation
import Glibc
import InteropSupport
import Testing

/// The fixture itself, against the real kernel: these need root and fail (not skip) without it.
@Suite("Network namespace pair")
struct NetworkNamespacePairTests {
    @Test("side a pings side b across the veth pair")
    func pingAcross() async throws {
        try await withNetworkNamespacePair { pair in
            let ping = try pair.run(in: .a, "ping", ["-c", "1", "-W", "1", pair.address(.b)])
            let status = try await ping.waitForExit(within: 5)
            #expect(status == .exited(0), "ping: \(ping.standardOutput()) \(ping.standardError())")
        }
    }

    @Test("the two sides get distinct addresses in one /30 of 198.19.0.0/16")
    func addresses() async throws {
        try await withNetworkNamespacePair { pair in
            let a = pair.address(.a).split(separator: ".").compactMap { Int($0) }
            let b = pair.address(.b).split(separator: ".").compactMap { Int($0) }
            #expect(a[0...1] == [198, 19] && b[0...1] == [198, 19])
            #expect(a[3] / 4 == b[3] / 4 && a[3] % 4 == 1 && b[3] % 4 == 2)
            #expect(pair.prefixLength == 30)
        }
    }

    @Test("a process runs inside its namespace and stop() ends it by PID")
    func stopByPID() async throws {
        try await withNetworkNamespacePair { pair in
            let sleeper = try pair.run(in: .b, "sleep", ["30"])
            // ip netns exec execs: the PID inside the namespace is sleep's own.
            try await waitUntil("sleep to be exec'd", within: 5) {
                (try? String(contentsOfFile: "/proc/\(sleeper.pid)/comm", encoding: .utf8)) == "sleep\n"
            }
            #expect(try await pair.processIDs(in: .b).contains(sleeper.pid))
            #expect(try await !pair.processIDs(in: .a).contains(sleeper.pid))
            let status = await sleeper.stop()
            #expect(status == .signalled(SIGTERM))
            #expect(kill(sleeper.pid, 0) == -1)
        }
    }

    @Test("teardown removes both namespaces and every process left inside")
    func teardownLeavesNothing() async throws {
        let (names, pid) = try await withNetworkNamespacePair { pair in
            let sleeper = try pair.run(in: .a, "sleep", ["30"])
            return ([pair.namespaceA, pair.namespaceB], sleeper.pid)
        }
        let listed = try await Command.output(["ip", "netns", "list"])
        for name in names { #expect(!listed.contains(name)) }
        #expect(kill(pid, 0) == -1)
    }

    @Test("teardown also runs when the body throws, and the body's error comes out")
    func teardownOnThrow() async throws {
        struct Planned: Error {}
        let names = NamesBox()
        await #expect(throws: Planned.self) {
            try await withNetworkNamespacePair { pair in
                names.set([pair.namespaceA, pair.namespaceB])
                _ = try pair.run(in: .b, "sleep", ["30"])
                throw Planned()
            }
        }
        let listed = try await Command.output(["ip", "netns", "list"])
        for name in names.get() { #expect(!listed.contains(name)) }
    }

    @Test("a pseudo-terminal carries binary bytes both ways, unchanged")
    func terminalRoundTrip() async throws {
        try await withNetworkNamespacePair { pair in
            // cat copies stdin to stdout, both on the pty slave: what we write comes back.
            let cat = try pair.run(in: .a, "cat", terminal: true)
            let terminal = try #require(cat.terminal)
            let frame: [UInt8] = [0x7E, 0xFF, 0x7D, 0x23, 0xC0, 0x21, 0x00, 0x0A, 0x0D, 0x03, 0x7E]
            try terminal.write(frame)
            var echoed: [UInt8] = []
            while echoed.count < frame.count { echoed += try await terminal.read(within: 5) }
            #expect(echoed == frame)
            await cat.stop()
        }
    }
}

/// Carries names out of a throwing body for the assertion after it.
private final class NamesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    func set(_ value: [String]) { lock.withLock { names = value } }
    func get() -> [String] { lock.withLock { names } }
}

@Suite("Built products")
struct BuiltProductTests {
    @Test("a Swift-built binary runs inside the namespace that owns the address")
    func probeRunsInsideItsNamespace() async throws {
        try await withNetworkNamespacePair { pair in
            let inside = try pair.runBuiltProduct(in: .a, "InteropProbe", [pair.address(.a)])
            #expect(try await inside.waitForExit(within: 10) == .exited(0), "\(inside.standardOutput())")
            #expect(inside.standardOutput().hasPrefix("pid \(inside.pid) bound"))
            let outside = try pair.runBuiltProduct(in: .b, "InteropProbe", [pair.address(.a)])
            #expect(try await outside.waitForExit(within: 10) == .exited(1))
        }
    }

    @Test("a product that was not built is named in the error")
    func missingProduct() {
        #expect(throws: InteropError.self) { try BuiltProduct.path("no-such-product") }
    }
}
