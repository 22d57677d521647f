import Foundation
import HDLC
import InteropSupport
import Testing

/// The PAC daemon (`pac serve`) in one network namespace, the real pptp-linux as PNS in the
/// other, tshark on the wire between them.
@Suite("Interop: pptp-linux (a real PNS) against pac serve", .serialized)
struct PACWithPptpLinuxTests {
    static let hardware = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Hardware").path

    static func startPAC(in pair: NetworkNamespacePair, listen: String? = nil) async throws -> ChildProcess {
        let pac = try pair.runBuiltProduct(
            in: .a, "pac",
            ["serve", "--listen", listen ?? pair.address(.a), "--hardware", hardware, "--modem", "instant-modem",
             "--timing", "quick", "--analog-lines", "4", "--log-level", "debug"])
        try await Pptpd.waitForListener(in: pair, on: .a, port: 1723, process: pac)
        return pac
    }

    /// PPP frames as pptp's pty carries them (pppd's side): async HDLC, default ACCM.
    static func framed(_ frames: [[UInt8]]) -> [UInt8] {
        let encoder = AsyncHDLCEncoder()
        var bytes: [UInt8] = []
        for frame in frames { encoder.encode(frame, into: &bytes) }
        return bytes
    }

    static func echoRequest(id: UInt8, _ data: [UInt8]) -> [UInt8] {
        let length = 8 + data.count
        return [0xFF, 0x03, 0xC0, 0x21, 0x09, id, UInt8(length >> 8), UInt8(length & 0xFF), 0x50, 0x41, 0x43, 0x21] + data
    }

    static func deframe(_ bytes: [UInt8]) -> [[UInt8]] {
        var decoder = AsyncHDLCDecoder()
        var frames: [[UInt8]] = []
        decoder.decode(bytes) { frames.append(Array($0)) }
        return frames
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
            let terminal = try #require(echo.terminal)
            var rng = SystemRandomNumberGenerator()
            // LCP Configure-Request, then LCP Echo-Requests carrying random data and every octet
            // value (so every control character is escaped on the way), RFC 1661 §5.8.
            let sent: [[UInt8]] = [[0xFF, 0x03, 0xC0, 0x21, 0x01, 0x01, 0x00, 0x04]]
                + (0..<3).map { id in Self.echoRequest(id: UInt8(id), (0..<200).map { _ in UInt8.random(in: 0...255, using: &rng) }) }
                + [Self.echoRequest(id: 9, (0...255).map(UInt8.init))]
            // pptp forwards nothing until its call is connected: repeat a first frame until it echoes.
            var first: [[UInt8]] = []
            for _ in 0..<20 where first.isEmpty {
                try terminal.write(Self.framed([sent[0]]))
                first = Self.deframe((try? await terminal.read(within: 1)) ?? [])
            }
            #expect(first.first == sent[0], "the first frame did not come back: \(first)")
            try terminal.write(Self.framed(Array(sent.dropFirst())))
            var bytes: [UInt8] = []
            var echoed: [[UInt8]] = []
            for _ in 0..<20 where echoed.count < sent.count - 1 {
                bytes += (try? await terminal.read(within: 1)) ?? []
                echoed = Self.deframe(bytes).filter { $0 != sent[0] }  // late echoes of the repeated first frame
            }
            #expect(echoed == Array(sent.dropFirst()), "echoed frames differ: \(echoed.map(\.count))")

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
            let disconnect = try await TShark.fields(["pptp.disc_result"], in: file, displayFilter: "pptp.control_message_type == 13")
            #expect(disconnect.map { $0["pptp.disc_result"] } == ["3"], "Call-Disconnect-Notify Admin Shutdown")
            // tshark dissects only the first PPTP message of a TCP segment, and the PAC sends
            // Call-Disconnect-Notify and Stop-Control-Connection-Request together: look for the
            // Stop request's exact bytes (RFC 2637 §2.3, reason 3) in what the PAC sent.
            let fromPAC = try await TShark.fields(
                ["tcp.payload"], in: file, displayFilter: "tcp.srcport == 1723 && tcp.len > 0")
            let stopRequest = "001000011a2b3c4d0003000003000000"
            #expect(fromPAC.contains { ($0["tcp.payload"] ?? "").contains(stopRequest) }, "Stop-Local-Shutdown sent")
            let gre = try await TShark.fields(["ip.src"], in: file, displayFilter: "gre && ppp")
            #expect(Set(gre.compactMap { $0["ip.src"] }) == [pair.address(.a), pair.address(.b)], "GRE data both ways")
            let problems = try await TShark.problems(in: file, displayFilter: "pptp || gre")
            #expect(problems.isEmpty, "\(problems)")
        } }
    }
}
