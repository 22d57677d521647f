import Foundation

/// Short helper commands (ip, tshark) run to completion with a deadline.
public enum Command {
    /// Runs `arguments` (the first searched in PATH) and returns its stdout; throws if it
    /// exits non-zero, naming the command and quoting its stderr, or if it runs longer than
    /// `seconds` (it is then stopped).
    @discardableResult
    public static func output(_ arguments: [String], within seconds: Double = 10) async throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pac-command-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let child = try ChildProcess.spawn(
            arguments, logPrefix: directory.appendingPathComponent("command"), terminal: nil)
        let status: ExitStatus
        do {
            status = try await child.waitForExit(within: seconds)
        } catch {
            await child.stop()
            throw error
        }
        guard status == .exited(0) else {
            let stderr = child.standardError().trimmingCharacters(in: .whitespacesAndNewlines)
            throw InteropError.commandFailed(command: arguments, status: status.shellCode, stderr: stderr)
        }
        return child.standardOutput()
    }

    /// Throws ``InteropError/toolMissing(_:)`` unless `tool` is in PATH.
    public static func require(_ tool: String) throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        let found = path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }
        guard found else { throw InteropError.toolMissing(tool) }
    }
}
