import Foundation
import InteropSupport
import Testing

@Suite("pac serve without raw-socket privilege")
struct DaemonPrivilegeTests {
    @Test("without root or CAP_NET_RAW the daemon says which privilege it needs and exits 1")
    func refusesWithoutPrivilege() async throws {
        try Privilege.requireRoot()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                             try BuiltProduct.path("pac"), "serve", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 1, "\(text)")
        #expect(text.contains("CAP_NET_RAW") && text.contains("root"), "\(text)")
    }
}
