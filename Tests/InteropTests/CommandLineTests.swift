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
        try "control:\n  port: 1724\n  allow: 198.18.0.0/15\nlines:\n  modem: instant-modem\n  impairments:\n    - lines: [3]\n      latency-ms: 20\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await runPAC(["check-config", file.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("listen 0.0.0.0:1724") && output.contains("allow: 198.18.0.0/15") && output.contains("× instant-modem"))
        #expect(output.contains("impairments on lines 3: bit error rate 0.0, latency 20 ms, overrun rate 0.0"), "\(output)")
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

    @Test("check-config loads lines.modems' profiles from Hardware/hayes, prints the lines, names a missing profile's key")
    func checkConfigModems() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pac-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        let yaml = { (profile: String) in
            "lines:\n  hardware: \(PACWithPptpLinuxTests.hardware)\n  modems:\n    - ports: [/dev/ttyUSB0, /dev/ttyUSB1]\n"
                + "      profile: \(profile)\n      baud: 57600\n      prefixes: [\"9\"]\n"
        }
        try yaml("usr-courier").write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await runPAC(["check-config", file.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("modems: hunt group \"modems\" (9…, first-free): /dev/ttyUSB0, /dev/ttyUSB1"), "\(output)")
        #expect(output.contains("profile usr-courier, 57600 bit/s, flow control rts-cts"), "\(output)")

        try yaml("courrier").write(to: file, atomically: true, encoding: .utf8)
        let (failed, error) = try await runPAC(["check-config", file.path])
        #expect(failed == 1)
        #expect(error.contains("\(file.path):5: key 'lines.modems[0].profile': no Hayes profile 'courrier' in "), "\(error)")
    }

    @Test("pns call to a port where no PAC listens reports the refusal and exits 1")
    func pnsCallRefused() async throws {
        let closed = try ClosedTCPPort()
        let (status, output) = try await runPAC(["pns", "call", "127.0.0.1", "5550100", "--port", "\(closed.port)", "--json"])
        #expect(status == 1, "\(output)")
        #expect(output.contains("\"error\"") && output.lowercased().contains("refused"), "\(output)")
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

@Suite("pac serial-modem commands")
struct SerialCommandLineTests {
    @Test("ports lists what libserialport enumerates, as JSON too")
    func ports() async throws {
        let (status, output) = try await runPAC(["ports", "--json"])
        #expect(status == 0, "\(output)")
        let rows = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: String]]
        #expect(rows != nil, "\(output)")
    }

    @Test("modem-sim prints its pty; the modem there answers AT with OK and a busy number with BUSY")
    func modemSim() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProduct.path("pac"))
        process.arguments = ["modem-sim", "--timing", "quick"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var banner = ""
        let deadline = Date().addingTimeInterval(10)
        while !banner.contains("\n"), Date() < deadline {
            banner += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        let path = try #require(banner.split(separator: " ").first { $0.hasPrefix("/dev/pts/") }.map(String.init), "\(banner)")
        let fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
        try #require(fd >= 0)
        defer { close(fd) }
        var settings = termios()
        tcgetattr(fd, &settings)
        cfmakeraw(&settings)
        tcsetattr(fd, TCSANOW, &settings)
        func command(_ text: String, expecting reply: String) async throws -> String {
            _ = text.withCString { write(fd, $0, strlen($0)) }
            var received = ""
            for _ in 0..<100 where !received.contains(reply) {
                var buffer = [UInt8](repeating: 0, count: 256)
                let count = read(fd, &buffer, buffer.count)
                if count > 0 { received += String(decoding: buffer[0..<count], as: UTF8.self) }
                try await Task.sleep(for: .milliseconds(50))
            }
            return received
        }
        #expect(try await command("AT\r", expecting: "OK").contains("OK"))
        #expect(try await command("ATDT5550200\r", expecting: "BUSY").contains("BUSY"))
    }
}
