import Foundation
import InteropSupport
import Testing

/// `pac serve --config FILE` reloads on SIGHUP (docs/configuration.md, "Reloading"), tested
/// with the real binary, pptp-linux holding a call through every reload. `ChildProcess.signal`
/// also signals the process group, so a SIGHUP may reload twice: the test waits for what a
/// reload logged, not for a count of reloads.
@Suite("pac serve: SIGHUP reloads the configuration file", .serialized)
struct PACReloadTests {
    static let missingPort = "/dev/ttyPACmissing0"

    static func write(_ file: String, allow: [String], modemPorts: [String], bitErrorRate: String? = nil) throws {
        var yaml = """
            control:
              allow: [\(allow.joined(separator: ", "))]
            lines:
              hardware: \(PACWithPptpLinuxTests.hardware)
              analog-lines: 2
              modem: instant-modem
              timing: quick

            """
        if !modemPorts.isEmpty {
            yaml += """
                  modems:
                    - ports: [\(modemPorts.joined(separator: ", "))]
                      profile: generic-hayes
                      prefixes: ["9"]

                """
        }
        if let bitErrorRate {
            yaml += "  impairments:\n    - lines: [1, 2]\n      bit-error-rate: \(bitErrorRate)\n"
        }
        yaml += "admin:\n  listen: \"off\"\n"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
    }

    static func lines(_ pac: ChildProcess, containing text: String) -> [Substring] {
        pac.standardError().split(separator: "\n").filter { $0.contains(text) }
    }

    /// Waits for pac's log to show `what`; on a time-out the log is in the failure.
    static func waitForLog(_ pac: ChildProcess, _ what: String, _ condition: () -> Bool) async throws {
        do {
            try await waitUntil(what, within: 10) { condition() }
        } catch {
            Issue.record("pac serve's log: \(pac.standardError().suffix(3000))")
            throw error
        }
    }

    @Test("SIGHUP adds and removes modem lines, changes impairments and the allow-list, the call up stays; an invalid file is rejected with its error")
    func reload() async throws {
        try Command.require("pptp")
        try await Pptpd.exclusively { try await withNetworkNamespacePair { pair in
            let file = pair.workDirectory.appendingPathComponent("pac.yaml").path
            let pns = pair.address(.b)
            try Self.write(file, allow: [pns], modemPorts: [])
            let pac = try pair.runBuiltProduct(in: .a, "pac", ["serve", "--config", file, "--listen", pair.address(.a), "--call-records", "off"])
            try await Pptpd.waitForListener(in: pair, on: .a, port: 1723, process: pac)
            let call = try pair.run(
                in: .b, "pptp", [pair.address(.a), "--nolaunchpppd", "--phone", "5550100", "--nohostroute"], terminal: true)
            let terminal = try #require(call.terminal)
            try await PptpEcho.expectEchoed(through: terminal)

            // A modem line on a port that is not there: it joins out of service, saying why.
            // And bit errors on the simulated analog lines, the call's among them.
            try Self.write(file, allow: [pns, "198.18.255.1"], modemPorts: [Self.missingPort], bitErrorRate: "0.01")
            pac.signal(SIGHUP)
            try await Self.waitForLog(pac, "the reload adding the modem line") {
                Self.lines(pac, containing: "configuration reloaded").contains { $0.contains("added \(Self.missingPort)") }
            }
            #expect(
                Self.lines(pac, containing: "configuration reloaded").first?.contains(
                    "added \(Self.missingPort); PNS allow-list: \(pns)/32, 198.18.255.1/32; impaired lines: 1, 2") == true)
            // One bit in a hundred inverted: no frame of ~2000 bits crosses the line intact.
            let probes = (0..<5).map { PptpEcho.echoRequest(id: UInt8($0), Array(repeating: 0x55, count: 200)) }
            try terminal.write(PptpEcho.framed(probes))
            var garbled: [UInt8] = []
            for _ in 0..<3 { garbled += (try? await terminal.read(within: 1)) ?? [] }
            #expect(PptpEcho.deframe(garbled).filter(probes.contains).count < probes.count, "bit errors reached the call")
            try await Self.waitForLog(pac, "the modem line to be out of service") {
                Self.lines(pac, containing: "line=5001").contains { $0.contains("line out of service") && $0.contains(Self.missingPort) }
            }

            // An invalid file: rejected with file, line and key; nothing changes.
            try "control:\n  allow: [10.0.0.0/33]\n".write(toFile: file, atomically: true, encoding: .utf8)
            pac.signal(SIGHUP)
            try await Self.waitForLog(pac, "the invalid file to be rejected") {
                !Self.lines(pac, containing: "configuration reload rejected").isEmpty
            }
            #expect(
                Self.lines(pac, containing: "configuration reload rejected").first?.contains(
                    "\(file):2: key 'control.allow': '10.0.0.0/33' is not an IPv4 address or prefix such as 198.18.0.0/15") == true,
                "\(pac.standardError().suffix(2000))")
            #expect(pac.isRunning)

            // The modem line and the bit errors go, and the PNS is no longer allowed: its call
            // stays up and echoes intact again, a new control connection from it is refused.
            try Self.write(file, allow: ["198.18.255.1"], modemPorts: [])
            pac.signal(SIGHUP)
            try await Self.waitForLog(pac, "the reload removing the modem line") {
                Self.lines(pac, containing: "configuration reloaded").contains {
                    $0.contains("removed \(Self.missingPort); PNS allow-list: 198.18.255.1/32; impaired lines: none")
                }
            }
            try await PptpEcho.expectEchoed(through: terminal)
            let refused = try pair.runBuiltProduct(in: .b, "pac", ["pns", "call", pair.address(.a), "5550101"])
            _ = try await refused.waitForExit(within: 15)
            #expect(!Self.lines(pac, containing: "is not in the allow-list").isEmpty, "\(pac.standardError().suffix(2000))")
            #expect(Self.lines(pac, containing: "call released").isEmpty && call.isRunning, "the call was not cleared")

            // SIGINT ends it as SIGTERM does (the modem line test uses SIGTERM).
            pac.signal(SIGINT)
            #expect(try await pac.waitForExit(within: 5) == .exited(0))
            await call.stop()
        } }
    }
}
