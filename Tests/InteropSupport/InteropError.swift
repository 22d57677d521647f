import Foundation

/// What went wrong in the interop fixture, said so that the reader of a failed test knows
/// what to fix without reading the fixture's code.
public enum InteropError: Error, CustomStringConvertible, Sendable {
    /// Interop tests need root (network namespaces, veth, raw GRE, packet capture).
    /// They fail instead of skipping so a CI run without privileges is never green.
    case notRoot(effectiveUID: UInt32)
    /// A command the fixture depends on is not installed.
    case toolMissing(String)
    /// A program could not be started at all.
    case spawnFailed(executable: String, errno: Int32)
    /// A helper command (ip, tshark…) ended with a non-zero status.
    case commandFailed(command: [String], status: Int32, stderr: String)
    /// A bounded wait ran out.
    case timedOut(waitingFor: String, seconds: Double)
    /// A pseudo-terminal could not be created or used.
    case ptyFailed(step: String, errno: Int32)
    /// A Swift-built executable was not found next to the test bundle.
    case productNotBuilt(name: String, searched: String)
    /// Clean-up could not remove something it created; later runs may see it.
    case cleanupIncomplete([String])
    /// A process under test ended while the test still needed it.
    case processFailed(String)

    public var description: String {
        switch self {
        case .notRoot(let uid):
            "interop tests must run as root (effective uid is \(uid)): they create network "
                + "namespaces, veth pairs and raw GRE sockets; run `sudo swift test` or as root in CI"
        case .toolMissing(let tool):
            "'\(tool)' is not installed; run scripts/bootstrap"
        case .spawnFailed(let executable, let code):
            "could not start \(executable): \(String(cString: strerror(code)))"
        case .commandFailed(let command, let status, let stderr):
            "`\(command.joined(separator: " "))` exited with status \(status): \(stderr)"
        case .timedOut(let what, let seconds):
            "timed out after \(seconds) s waiting for \(what)"
        case .ptyFailed(let step, let code):
            "pseudo-terminal \(step) failed: \(String(cString: strerror(code)))"
        case .productNotBuilt(let name, let searched):
            "executable '\(name)' not found in \(searched); run `swift build --product \(name)` first"
        case .cleanupIncomplete(let leftovers):
            "clean-up left behind: \(leftovers.joined(separator: ", "))"
        case .processFailed(let what):
            "process ended early: \(what)"
        }
    }
}
