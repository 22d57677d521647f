import CSpawnCloseFrom
import Foundation
import Glibc

/// How a child process ended.
public enum ExitStatus: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "killed by signal \(signal)"
        }
    }

    /// The status as a shell reports it: the exit code, or 128 + the signal.
    public var shellCode: Int32 {
        switch self {
        case .exited(let code): code
        case .signalled(let signal): 128 + signal
        }
    }
}

/// A program the fixture started. Its stdout and stderr go to files (or stdout to a
/// pseudo-terminal), it leads its own process group, and the fixture stops it by PID.
///
/// `ip netns exec` execs the program, so ``pid`` is the program's own PID, not a wrapper's.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    /// What the program was, for messages: the argument vector.
    public let commandLine: [String]
    public let stdoutFile: URL
    public let stderrFile: URL
    /// Present when started with a pseudo-terminal as stdin and stdout.
    public let terminal: PseudoTerminal?

    /// Guards `status`: a PID can be reaped only once, and tests may poll from any task.
    private let lock = NSLock()
    private var status: ExitStatus?

    /// Starts `arguments[0]` (searched in PATH) with the rest as its arguments.
    /// stdin is the terminal's slave side when `terminal` is given, else /dev/null.
    static func spawn(
        _ arguments: [String], logPrefix: URL, terminal: PseudoTerminal?
    ) throws -> ChildProcess {
        let stdoutFile = logPrefix.appendingPathExtension("stdout")
        let stderrFile = logPrefix.appendingPathExtension("stderr")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var slave: Int32 = -1
        defer { if slave >= 0 { close(slave) } }
        if let terminal {
            slave = try terminal.openRawSlave()
            posix_spawn_file_actions_adddup2(&actions, slave, 0)
            posix_spawn_file_actions_adddup2(&actions, slave, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, stdoutFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        posix_spawn_file_actions_addopen(&actions, 2, stderrFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Nothing else of the test process's: NIO opens its sockets without close-on-exec, so a
        // child would hold every connection of every test running beside it open for as long as
        // it runs, and a close on either end would reach the other only when the child exits
        // (HostilePeerTests saw releases 5–19 s late while a `pac serve` of another test ran).
        let closing = pac_spawn_file_actions_add_close_from(&actions, 3)
        guard closing == 0 else { throw InteropError.spawnFailed(executable: arguments[0], errno: closing) }

        // Its own process group, so stop() also reaches children that stay in the group;
        // default signal handling and an empty mask, since a child inherits the test
        // runner's (a blocked SIGTERM would make every stop a SIGKILL).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigfillset(&signals)
        posix_spawnattr_setsigdefault(&attributes, &signals)

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else { throw InteropError.spawnFailed(executable: arguments[0], errno: result) }
        return ChildProcess(
            pid: pid, commandLine: arguments, stdoutFile: stdoutFile, stderrFile: stderrFile, terminal: terminal)
    }

    private init(pid: pid_t, commandLine: [String], stdoutFile: URL, stderrFile: URL, terminal: PseudoTerminal?) {
        self.pid = pid
        self.commandLine = commandLine
        self.stdoutFile = stdoutFile
        self.stderrFile = stderrFile
        self.terminal = terminal
    }

    /// The exit status if the process has ended (reaping it), nil while it runs.
    public var exitStatus: ExitStatus? {
        lock.withLock {
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid { status = Self.decode(raw) }
            }
            return status
        }
    }

    public var isRunning: Bool { exitStatus == nil }

    /// Waits for the process to end by itself, at most `seconds`.
    @discardableResult
    public func waitForExit(within seconds: Double) async throws -> ExitStatus {
        var ended: ExitStatus?
        try await waitUntil("\(commandLine.joined(separator: " ")) (pid \(pid)) to exit", within: seconds) {
            ended = exitStatus
            return ended != nil
        }
        return ended!
    }

    /// Stops the process by PID: SIGTERM to it and its process group, up to `grace`
    /// seconds, then SIGKILL. Returns how it ended. Safe to call again.
    @discardableResult
    public func stop(grace: Double = 3) async -> ExitStatus {
        if let ended = exitStatus { return ended }
        signal(SIGTERM)
        if let ended = try? await waitForExit(within: grace) { return ended }
        signal(SIGKILL)
        // SIGKILL cannot be caught; the kernel ends the process promptly.
        return (try? await waitForExit(within: 5)) ?? .signalled(SIGKILL)
    }

    /// Sends a signal to the process and to its process group.
    public func signal(_ signal: Int32) {
        kill(pid, signal)
        kill(-pid, signal)
    }

    /// What the process wrote to stdout (empty when stdout is a terminal).
    public func standardOutput() -> String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
    /// What the process wrote to stderr.
    public func standardError() -> String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

    private static func decode(_ raw: Int32) -> ExitStatus {
        // <sys/wait.h> macros, which Swift does not import.
        let signal = raw & 0x7f
        return signal == 0 ? .exited((raw >> 8) & 0xff) : .signalled(signal)
    }
}
