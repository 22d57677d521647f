import Foundation
import Glibc

/// Two network namespaces joined by a veth pair: a private two-host network for one test,
/// so real peers (pptpd, pptp-linux, our own binaries) can talk over IP and raw GRE without
/// seeing any other test's packets. Addresses come from 198.19.0.0/16 (``AddressPlan``).
///
/// Prefer ``withNetworkNamespacePair(_:)``, which always tears the pair down. Teardown stops
/// every process the pair started, then every process still inside either namespace (forked
/// children included), by PID, then deletes both namespaces (and with them the veth pair).
public final class NetworkNamespacePair: @unchecked Sendable {
    /// One end of the pair.
    public enum Side: String, Sendable, CaseIterable {
        case a, b
    }

    /// Namespace names, unique per process and pair: `pacns-PID-N-a` / `-b`.
    public let namespaceA: String
    public let namespaceB: String
    /// Logs of the processes started in this pair; removed at teardown unless the
    /// environment sets PAC_INTEROP_KEEP_LOGS=1.
    public let workDirectory: URL
    private let plan: AddressPlan

    /// Guards `children` and `started`: tests may start processes from several tasks.
    private let lock = NSLock()
    private var children: [ChildProcess] = []
    /// Numbers the log files of processes in start order.
    private var started = 0

    private static let counterLock = NSLock()
    nonisolated(unsafe) private static var counter = 0

    private init(sequence: Int) throws {
        let pid = getpid()
        namespaceA = "pacns-\(pid)-\(sequence)-a"
        namespaceB = "pacns-\(pid)-\(sequence)-b"
        plan = AddressPlan(processID: pid, sequence: sequence)
        workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("pacns-\(pid)-\(sequence)")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    }

    /// Creates the namespaces, the veth pair and the addresses, and brings `lo` and the veth
    /// ends up. Anything created before a failure is removed before the error is thrown.
    public static func create() async throws -> NetworkNamespacePair {
        try Privilege.requireRoot()
        try Command.require("ip")
        let sequence = counterLock.withLock {
            counter += 1
            return counter
        }
        let pair = try NetworkNamespacePair(sequence: sequence)
        do {
            try await pair.setUp()
        } catch {
            try? await pair.tearDown()
            throw error
        }
        return pair
    }

    private func setUp() async throws {
        try await Command.output(["ip", "netns", "add", namespaceA])
        try await Command.output(["ip", "netns", "add", namespaceB])
        // Created directly inside the namespaces, so the names cannot clash with other pairs.
        try await Command.output([
            "ip", "link", "add", interface(.a), "netns", namespaceA,
            "type", "veth", "peer", "name", interface(.b), "netns", namespaceB,
        ])
        for side in Side.allCases {
            let ns = namespace(side)
            try await Command.output(["ip", "-n", ns, "addr", "add", "\(address(side))/\(plan.prefixLength)", "dev", interface(side)])
            try await Command.output(["ip", "-n", ns, "link", "set", "lo", "up"])
            try await Command.output(["ip", "-n", ns, "link", "set", interface(side), "up"])
        }
    }

    public func namespace(_ side: Side) -> String { side == .a ? namespaceA : namespaceB }

    /// The veth end inside the side's namespace.
    public func interface(_ side: Side) -> String { "veth-\(side.rawValue)" }

    /// The side's IPv4 address (without prefix length).
    public func address(_ side: Side) -> String { plan.address(side) }

    public var prefixLength: Int { plan.prefixLength }

    /// Starts `executable` (a path, or a name searched in PATH) inside the side's namespace
    /// with `ip netns exec`, which execs it: the handle's PID is the program's own.
    /// stdout and stderr go to files in ``workDirectory``; with `terminal: true`, stdin and
    /// stdout are a raw pseudo-terminal whose master is ``ChildProcess/terminal``.
    /// The process is stopped at teardown if the test has not stopped it.
    public func run(
        in side: Side, _ executable: String, _ arguments: [String] = [], terminal: Bool = false
    ) throws -> ChildProcess {
        let number = lock.withLock {
            started += 1
            return started
        }
        let label = "\(number)-\(side.rawValue)-\(URL(fileURLWithPath: executable).lastPathComponent)"
        let child = try ChildProcess.spawn(
            ["ip", "netns", "exec", namespace(side), executable] + arguments,
            logPrefix: workDirectory.appendingPathComponent(label),
            terminal: terminal ? PseudoTerminal() : nil)
        lock.withLock { children.append(child) }
        return child
    }

    /// Like ``run(in:_:_:terminal:)`` for an executable this package builds (see ``BuiltProduct``).
    public func runBuiltProduct(
        in side: Side, _ product: String, _ arguments: [String] = [], terminal: Bool = false
    ) throws -> ChildProcess {
        try run(in: side, BuiltProduct.path(product), arguments, terminal: terminal)
    }

    /// PIDs of every process inside the side's namespace, whoever started it.
    public func processIDs(in side: Side) async throws -> [pid_t] {
        try await Command.output(["ip", "netns", "pids", namespace(side)])
            .split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
    }

    /// Stops all processes (ours first, then anything left inside the namespaces), deletes
    /// both namespaces and the work directory. Throws ``InteropError/cleanupIncomplete(_:)``
    /// naming what could not be removed. Safe to call twice.
    public func tearDown() async throws {
        for child in lock.withLock({ children }).reversed() { await child.stop() }
        var leftovers: [String] = []
        for side in Side.allCases where namespaceExists(side) {
            for pid in (try? await processIDs(in: side)) ?? [] {
                if await !Self.stop(pid: pid) { leftovers.append("process \(pid) in \(namespace(side))") }
            }
            do {
                try await Command.output(["ip", "netns", "del", namespace(side)])
            } catch {
                leftovers.append("namespace \(namespace(side)) (\(error))")
            }
        }
        if ProcessInfo.processInfo.environment["PAC_INTEROP_KEEP_LOGS"] != "1" {
            try? FileManager.default.removeItem(at: workDirectory)
        }
        if !leftovers.isEmpty { throw InteropError.cleanupIncomplete(leftovers) }
    }

    /// Whether the side's namespace is still registered with `ip netns`.
    public func namespaceExists(_ side: Side) -> Bool {
        FileManager.default.fileExists(atPath: "/run/netns/\(namespace(side))")
    }

    /// Stops a process we did not start (so cannot reap): SIGTERM, up to 3 s, SIGKILL, up
    /// to 2 s. True when it is gone (a zombie left for its parent to reap counts as gone).
    private static func stop(pid: pid_t) async -> Bool {
        for (signal, grace) in [(SIGTERM, 3.0), (SIGKILL, 2.0)] {
            kill(pid, signal)
            if (try? await waitUntil("pid \(pid) to end", within: grace) { !isAlive(pid) }) != nil { return true }
        }
        return false
    }

    private static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        // A zombie still answers kill(0); its state letter follows the command in /proc.
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? false)
    }
}

/// Runs `body` with a fresh ``NetworkNamespacePair`` and tears it down afterwards, whether
/// `body` returns or throws. A teardown error is thrown only when `body` succeeded (else the
/// body's error, the more useful one, wins).
public func withNetworkNamespacePair<T: Sendable>(
    _ body: (NetworkNamespacePair) async throws -> T
) async throws -> T {
    let pair = try await NetworkNamespacePair.create()
    let result: T
    do {
        result = try await body(pair)
    } catch {
        try? await pair.tearDown()
        throw error
    }
    try await pair.tearDown()
    return result
}
