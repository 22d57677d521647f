import Foundation
import InteropSupport
import Testing

/// Runs the built `pac` binary, optionally through a wrapper such as setpriv; bounded in time.
func runPAC(_ arguments: [String], through wrapper: [String] = [], within seconds: Double = 15) async throws
    -> (status: Int32, output: String)
{
    let process = Process()
    let command = wrapper + [try BuiltProduct.path("pac")] + arguments
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
}

@Suite("pac command line")
struct CommandLineTests {
    @Test("check-config prints the effective configuration of a valid file")
    func checkConfigValid() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pac-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "control:\n  port: 1724\n  allow: 198.18.0.0/15\nlines:\n  modem: instant-modem\n".write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await runPAC(["check-config", file.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("listen 0.0.0.0:1724") && output.contains("allow: 198.18.0.0/15") && output.contains("× instant-modem"))
    }

    @Test("check-config names file, line and key of a mistake and exits 1")
    func checkConfigInvalid() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pac-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "control:\n  prt: 1\n".write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await runPAC(["check-config", file.path])
        #expect(status == 1)
        #expect(output.contains("\(file.path):2: key 'control.prt': unknown key"), "\(output)")
    }

    @Test("without root or CAP_NET_RAW, serve says which privilege it needs and exits 1")
    func serveWithoutPrivilege() async throws {
        try Privilege.requireRoot()
        let (status, output) = try await runPAC(
            ["serve", "--port", "0"],
            through: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"])
        #expect(status == 1, "\(output)")
        #expect(output.contains("CAP_NET_RAW") && output.contains("root"), "\(output)")
    }
}
