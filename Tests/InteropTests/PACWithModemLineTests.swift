import Foundation
import InteropSupport
import Testing

/// End to end through a real modem line: pptp-linux (PNS) in one network namespace, `pac
/// serve` in the other with a `lines.modems` line on a serial port, which is `pac modem-sim`'s
/// pty bind-mounted over a tty name (the real libserialport opens it), the emulated modem's
/// calls going through its simulated switch to the echo far end. Run by scripts/test-serial
/// (private mount namespace, modem-control shim); skipped elsewhere.
@Suite("Interop: pptp-linux → pac serve → modem line (real libserialport) → pac modem-sim", .serialized,
       .enabled(if: SerialHarness.isActive))
struct PACWithModemLineTests {
    static let modemLine = "5001"  // ModemPool.firstLineID

    /// Starts `pac modem-sim` in namespace a and gives it with its pty's path.
    static func startModem(in pair: NetworkNamespacePair) async throws -> (ChildProcess, String) {
        let modem = try pair.runBuiltProduct(
            in: .a, "pac", ["modem-sim", "--hardware", PACWithPptpLinuxTests.hardware, "--modem", "instant-modem", "--timing", "quick"])
        var device: String?
        try await waitUntil("modem-sim to print its pty", within: 20) {
            device = modem.standardOutput().split(separator: "\n")
                .first { $0.hasPrefix("Hayes modem emulator on ") }?
                .split(separator: " ")[4].description
            return device != nil || !modem.isRunning
        }
        return (modem, try #require(device, "modem-sim: \(modem.standardError())"))
    }

    static func configuration(in pair: NetworkNamespacePair) throws -> String {
        let file = pair.workDirectory.appendingPathComponent("pac.yaml").path
        try """
            control:
              listen: \(pair.address(.a))
            lines:
              hardware: \(PACWithPptpLinuxTests.hardware)
              analog-lines: 1
              modem: instant-modem
              timing: quick
              modems:
                - ports: [\(SerialHarness.device)]
                  profile: usr-courier
                  hunt-group: real-modems
                  prefixes: ["555"]
            admin:
              listen: "off"
            log-level: debug
            """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Log lines of `pac` about the modem line.
    static func modemLineLog(_ pac: ChildProcess) -> [Substring] {
        pac.standardError().split(separator: "\n").filter { $0.contains("line=\(modemLine)") }
    }

    static func pptpCall(_ pair: NetworkNamespacePair) throws -> ChildProcess {
        try pair.run(in: .b, "pptp", [pair.address(.a), "--nolaunchpppd", "--phone", "5550100", "--nohostroute"], terminal: true)
    }

    /// pptp's call manager is a process of its own; the next pptp must not join it.
    static func endPptp(_ pptp: ChildProcess, in pair: NetworkNamespacePair) async throws {
        await pptp.stop()
        try? await waitUntil("pptp's call manager to exit", within: 5) { try await pair.processIDs(in: .b).isEmpty }
        for pid in try await pair.processIDs(in: .b) { kill(pid, SIGKILL) }
    }

    @Test("pac ports lists the device the modem is bound over, as libserialport enumerates it (sysfs)")
    func portsCommand() async throws {
        let pty = try PseudoTerminal()
        try SerialHarness.bind(pty.slavePath)
        let json = try await Command.output([try BuiltProduct.path("pac"), "ports", "--json"])
        let ports = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]]
        #expect(ports?.contains { $0["name"] == SerialHarness.device && $0["transport"] == "native" } == true, "\(json)")
    }

    @Test("§3.2.4 frames cross the modem line byte-exact; unplugged: Lost Carrier, out of service, back when plugged in; SIGTERM: Admin Shutdown, Stop-Local-Shutdown, modem reset by DTR, exit 0")
    func endToEnd() async throws {
        try Command.require("pptp")
        try await Pptpd.exclusively { try await withNetworkNamespacePair { pair in
            let capture = try await TShark.startCapture(in: pair, on: .a, filter: "tcp port 1723 or ip proto 47", maxSeconds: 180)
            var (modem, device) = try await Self.startModem(in: pair)
            try SerialHarness.bind(device)
            let pac = try pair.runBuiltProduct(in: .a, "pac", ["serve", "--config", try Self.configuration(in: pair), "--call-records", "off"])
            try await Pptpd.waitForListener(in: pair, on: .a, port: 1723, process: pac)
            try await waitUntil("the modem line to be initialised", within: 20) {
                Self.modemLineLog(pac).contains { $0.contains("line back in service") } || !pac.isRunning
            }
            #expect(modem.standardOutput().contains("modem: ATZ"), "the profile's initialisation reached the modem")

            // A call through the modem line: the hunt group with prefix "555" beats the simulated lines.
            let first = try Self.pptpCall(pair)
            try await PptpEcho.expectEchoed(through: try #require(first.terminal))
            #expect(modem.standardOutput().contains("modem: ATDT5550100"))
            #expect(Self.modemLineLog(pac).contains { $0.contains("connected at") })

            // The modem is unplugged mid-call: its pty closes under the open port.
            await modem.stop()
            try await waitUntil("the modem line to go out of service", within: 20) {
                Self.modemLineLog(pac).contains { $0.contains("line out of service") }
            }
            try await Self.endPptp(first, in: pair)

            // Plugged back: a new pty where the port was; pac serve's own mount namespace
            // (ip netns exec made it a copy of ours) needs the new bind.
            (modem, device) = try await Self.startModem(in: pair)
            try await SerialHarness.bind(device, inMountNamespaceOf: pac.pid)
            try await waitUntil("the modem line to come back", within: 30) {
                Self.modemLineLog(pac).filter { $0.contains("line back in service") }.count == 2
            }

            // Calls go through it again; then shutdown with the call up.
            let second = try Self.pptpCall(pair)
            try await PptpEcho.expectEchoed(through: try #require(second.terminal))
            #expect(modem.standardOutput().contains("modem: ATDT5550100"))
            pac.signal(SIGTERM)
            let status = try await pac.waitForExit(within: 5)
            #expect(status == .exited(0), "pac serve exits 0 on SIGTERM: \(pac.standardError().suffix(2000))")
            #expect(modem.standardOutput().contains("modem: DTR dropped"), "the modem was hung up and reset by DTR: \(modem.standardOutput())")
            await second.stop()
            await modem.stop()

            let file = await capture.stop()
            #expect(try await PACCapture.disconnectResults(in: file) == ["1", "3"], "Lost Carrier when unplugged, Admin Shutdown at the end")
            #expect(try await PACCapture.sentStopLocalShutdown(in: file), "Stop-Local-Shutdown sent")
            let gre = try await TShark.fields(["ip.src"], in: file, displayFilter: "gre && ppp")
            #expect(Set(gre.compactMap { $0["ip.src"] }) == [pair.address(.a), pair.address(.b)], "GRE data both ways")
        } }
    }
}
