import Foundation
import InteropSupport
import Testing

/// The PAC daemon (`pac serve`) in one network namespace, the real pptp-linux as PNS in the
/// other, tshark on the wire between them.
@Suite("Interop: pptp-linux (a real PNS) against pac serve", .serialized)
struct PACWithPptpLinuxTests {
    static let hardware = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Hardware").path

    /// `configuration`, when given, is written to a file for `--config`; the options here win over it.
    static func startPAC(in pair: NetworkNamespacePair, listen: String? = nil, configuration: String? = nil) async throws -> ChildProcess {
        var configFile: [String] = []
        if let configuration {
            let file = pair.workDirectory.appendingPathComponent("pac.yaml").path
            try configuration.write(toFile: file, atomically: true, encoding: .utf8)
            configFile = ["--config", file]
        }
        let pac = try pair.runBuiltProduct(
            in: .a, "pac",
            ["serve"] + configFile
                + ["--listen", listen ?? pair.address(.a), "--hardware", hardware, "--modem", "instant-modem",
                   "--timing", "quick", "--analog-lines", "4", "--log-level", "debug", "--call-records", "off"])
        try await Pptpd.waitForListener(in: pair, on: .a, port: 1723, process: pac)
        return pac
    }

    @Test("§3.2.4 echo connects and frames come back byte-exact; busy and no answer get their results; shutdown notifies")
    func pptpCallsThePAC() async throws {
        try Command.require("pptp")
        try await Pptpd.exclusively { try await withNetworkNamespacePair { pair in
            let capture = try await TShark.startCapture(in: pair, on: .a, filter: "tcp port 1723 or ip proto 47", maxSeconds: 120)
            let pac = try await Self.startPAC(in: pair)
            let address = pair.address(.a)

            // Busy and no-answer numbers first: later pptp processes to the same PAC share the first
            // one's call manager, which dials the first --phone (docs/interop-notes.md).
            for number in ["5550200", "5550201"] {
                let failing = try pair.run(in: .b, "pptp", [address, "--nolaunchpppd", "--phone", number, "--nohostroute"], terminal: true)
                _ = try? await failing.waitForExit(within: 15)
                await failing.stop()
                // Its call manager is a separate process; the next pptp must not join it.
                try? await waitUntil("pptp's call manager to exit", within: 5) { try await pair.processIDs(in: .b).isEmpty }
                for pid in try await pair.processIDs(in: .b) { kill(pid, SIGKILL) }
            }

            // An echo number: every frame written into pptp's pty comes back out of it.
            let echo = try pair.run(in: .b, "pptp", [address, "--nolaunchpppd", "--phone", "5550100", "--nohostroute"], terminal: true)
            try await PptpEcho.expectEchoed(through: try #require(echo.terminal))

            // Shutdown with the echo call up: Admin Shutdown and Stop-Local-Shutdown.
            pac.signal(SIGTERM)
            let status = try await pac.waitForExit(within: 6)
            #expect(status == .exited(0), "pac serve exits 0 on SIGTERM: \(pac.standardError().suffix(2000))")
            await echo.stop()

            let file = await capture.stop()
            let replies = try await TShark.fields(
                ["pptp.out_result", "pptp.cause"], in: file, displayFilter: "pptp.control_message_type == 8")
            #expect(replies.map { $0["pptp.out_result"] } == ["4", "6", "1"], "OCRP results: \(replies)")
            #expect(replies.map { $0["pptp.cause"] } == ["17", "19", "0"], "OCRP causes: \(replies)")
            #expect(try await PACCapture.disconnectResults(in: file) == ["3"], "Call-Disconnect-Notify Admin Shutdown")
            #expect(try await PACCapture.sentStopLocalShutdown(in: file), "Stop-Local-Shutdown sent")
            let gre = try await TShark.fields(["ip.src"], in: file, displayFilter: "gre && ppp")
            #expect(Set(gre.compactMap { $0["ip.src"] }) == [pair.address(.a), pair.address(.b)], "GRE data both ways")
            let problems = try await TShark.problems(in: file, displayFilter: "pptp || gre")
            #expect(problems.isEmpty, "\(problems)")
        } }
    }
}
