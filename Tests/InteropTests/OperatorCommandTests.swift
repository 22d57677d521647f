import Foundation
import InteropSupport
import PAC
import PACAdminClient
import Testing

/// The operator's subcommands (`pac status`, `lines`, `calls`, `peers`, `ring`, `dial`,
/// `hangup`, `impair`, `line`) as built, against a running `pac serve`, and `GET /metrics`.
@Suite("pac operator commands against pac serve", .serialized)
struct OperatorCommandTests {
    @Test("status, lines and peers print aligned tables and --json; calls says there are none; serve's banner points here")
    func readOnly() async throws {
        try await OperatorBench.with { bench in
            let status = try await bench.pac(["status"])
            #expect(status.status == .exited(0), "\(status.errors)")
            #expect(status.output.contains("lines: 27 free") && status.output.contains("control connections: 0"), "\(status.output)")
            let engine = try await bench.json(EngineStatus.self, ["status"])
            #expect(engine.lines["free"] == 27 && engine.calls == 0)

            let lines = try await bench.pac(["lines"])
            let rows = lines.output.split(separator: "\n")
            #expect(rows.count == 28 && rows[0].hasPrefix("LINE  BEARER"), "\(lines.output)")
            let first = rows[1].split(separator: " ", omittingEmptySubsequences: true)
            #expect(first.prefix(4) == ["1", "analog", "1", "free"], "\(rows[1])")
            #expect(rows[0].range(of: "SEND ACCM")?.lowerBound.utf16Offset(in: rows[0])
                == rows[1].range(of: "0xFFFFFFFF")?.lowerBound.utf16Offset(in: rows[1]), "columns line up")
            #expect(try await bench.json([LineStatus].self, ["lines"]).count == 27)

            let calls = try await bench.pac(["calls"])
            #expect(calls.status == .exited(0) && calls.output == "no calls\n")
            let peers = try await bench.pac(["peers"])
            #expect(peers.status == .exited(0) && peers.output == "no control connections\n")
            #expect(bench.serve.standardOutput().contains("Watch it live at http://127.0.0.1:8723/ (status page), or with swift run pac calls"),
                    "the banner points at the page and the commands: \(bench.serve.standardOutput())")
        }
    }

    @Test("a PNS's call shows in calls and peers; hangup ends it with Call-Disconnect-Notify; /metrics counts it")
    func callHangupAndMetrics() async throws {
        try await OperatorBench.with { bench in
            let pns = try bench.placeCall("5550100", hold: 10, frames: 5)
            var calls: [CallStatus] = []
            // Both ways: the echoes take the modem line's time after the PNS's frames arrive.
            try await waitUntil("the call to connect and carry the PNS's frames and their echoes", within: 20) {
                calls = try await bench.json([CallStatus].self, ["calls"])
                return calls.first?.phase == "connected" && calls.first?.tunnel?.packetsReceived == 5
                    && calls.first?.tunnel?.packetsSent ?? 0 >= 5
            }
            let call = try #require(calls.first)
            let table = try await bench.pac(["calls"])
            let row = table.output.split(separator: "\n").dropFirst().first?.split(separator: " ") ?? []
            #expect(row.first.map(String.init) == "\(call.callID)" && row.contains("connected") && row.contains("outgoing"),
                    "\(table.output)")
            let peers = try await bench.pac(["peers"])
            #expect(peers.output.contains(bench.pair.address(.b)) && peers.output.contains(" yes "), "\(peers.output)")

            let hangup = try await bench.pac(["hangup", "\(call.callID)"])
            #expect(hangup.status == .exited(0) && hangup.output == "call \(call.callID) hung up\n", "\(hangup.errors)")
            #expect(try await pns.waitForExit(within: 30) == .exited(0))
            #expect(pns.standardOutput().contains("Admin Shutdown"), "the PNS's report: \(pns.standardOutput())")
            let again = try await bench.pac(["hangup", "\(call.callID)"])
            #expect(again.status == .exited(1) && again.errors.contains("the PAC answered 404: no call \(call.callID)"), "\(again.errors)")

            let metrics = try PrometheusText(try await bench.get("/metrics"))
            #expect(metrics[#"pac_calls_total{direction="outgoing",result="connected"}"#] == 1, "\(metrics.text)")
            #expect(metrics[#"pac_call_disconnects_total{result="admin_shutdown"}"#] == 1)
            #expect(metrics[#"pac_calls_active{direction="outgoing"}"#] == 0)
            #expect(metrics[#"pac_gre_packets_total{direction="received"}"#] == 5)
            #expect(metrics[#"pac_gre_octets_total{direction="received"}"#] == 500, "five 100-octet frames")
            #expect(metrics[#"pac_gre_packets_total{direction="sent"}"#] ?? 0 >= 5, "the far end echoes them")
            #expect(metrics[#"pac_control_connections_total{result="accepted"}"#] == 1)
            #expect(metrics[#"pac_lines{state="free"}"#] == 27)
            #expect(metrics[#"pac_gre_drops_total{reason="unknown_call"}"#] != nil)
        }
    }

    @Test("§2.14 a noisy call's line errors and WAN-Error-Notify messages show in /metrics as the line counted them")
    func lineErrorMetrics() async throws {
        try await OperatorBench.with { bench in
            // The analog hunt group picks the line; every analog line is noisy.
            for line in 1...4 { #expect(try await bench.pac(["impair", "\(line)", "--ber", "0.002"]).status == .exited(0)) }
            let pns = try bench.placeCall("5550100", hold: 30, frames: 40)
            var line: LineStatus?
            try await waitUntil("CRC errors on the call's line and a WAN-Error-Notify", within: 20) {
                let callLine = try await bench.json([CallStatus].self, ["calls"]).first?.line
                line = try await bench.json([LineStatus].self, ["lines"]).first { $0.id == callLine }
                let notified = try await bench.json(EngineStatus.self, ["status"]).statistics.wanErrorNotifiesSent
                return (line?.statistics.crcErrors ?? 0) > 0 && notified > 0
            }
            let callID = try #require(line?.callID)
            #expect(try await bench.pac(["hangup", "\(callID)"]).status == .exited(0))
            await pns.stop()
            let counted = try #require(try await bench.json([LineStatus].self, ["lines"]).first { $0.id == line?.id }).statistics
            let status = try await bench.json(EngineStatus.self, ["status"])
            let metrics = try PrometheusText(try await bench.get("/metrics"))
            #expect(metrics[#"pac_line_errors_total{counter="crc"}"#] == Double(counted.crcErrors), "\(metrics.text)")
            #expect(metrics[#"pac_line_errors_total{counter="framing"}"#] == Double(counted.framingErrors))
            #expect(metrics[#"pac_line_errors_total{counter="hardware_overrun"}"#] == 0)
            #expect(metrics["pac_wan_error_notify_sent_total"] == Double(status.statistics.wanErrorNotifiesSent))
            #expect((metrics["pac_wan_error_notify_sent_total"] ?? 0) >= 1)
        }
    }

    @Test("ring offers a call to a connected PNS; an unknown line is an error")
    func ring() async throws {
        try await OperatorBench.with { bench in
            let pns = try bench.pair.runBuiltProduct(in: .b, "pac", ["pns", "accept", bench.pair.address(.a), "--json"])
            try await waitUntil("the PNS's control connection", within: 10) {
                try await bench.json([PeerStatus].self, ["peers"]).first?.established == true
            }
            let ring = try await bench.pac(["ring", "2", "--from", "5550150", "--to", "5559000"])
            #expect(ring.status == .exited(0) && ring.output.contains("line 2 rings"), "\(ring.errors)")
            #expect(try await pns.waitForExit(within: 20) == .exited(0))
            #expect(pns.standardOutput().contains("\"dialingNumber\":\"5550150\""), "\(pns.standardOutput())")
            let unknown = try await bench.pac(["ring", "99", "--from", "5550150"])
            #expect(unknown.status == .exited(1) && unknown.errors.contains("404: no line 99"), "\(unknown.errors)")
        }
    }

    @Test("dial reports connected with speeds (exit 0), busy with its cause (exit 2), and refuses an unknown line (exit 1)")
    func dial() async throws {
        try await OperatorBench.with { bench in
            let up = try await bench.pac(["dial", "1", "5550100"])
            #expect(up.status == .exited(0) && up.output.contains("line 1: 5550100 connected at"), "\(up.output) \(up.errors)")
            let busy = try await bench.pac(["dial", "1", "5550200"])
            #expect(busy.status == .exited(2) && busy.output.contains("5550200 busy (cause 17, user busy)"), "\(busy.output)")
            let json = try await bench.pac(["dial", "101", "5551100", "--json"])
            let outcome = try JSONDecoder().decode(TestCallOutcome.self, from: Data(json.output.utf8))
            #expect(outcome.result == "connected" && outcome.transmitSpeed == 64000)
            let unknown = try await bench.pac(["dial", "99", "5550100"])
            #expect(unknown.status == .exited(1) && unknown.errors.contains("no line 99"), "\(unknown.errors)")
        }
    }

    @Test("impair sets, shows and clears a line's impairments; a carrier drop clears a held test call")
    func impair() async throws {
        try await OperatorBench.with { bench in
            let set = try await bench.pac(["impair", "1", "--ber", "0.0001", "--latency", "20"])
            #expect(set.status == .exited(0) && set.output == "line 1: bit error rate 0.0001, latency 20.0 ms\n", "\(set.output) \(set.errors)")
            let shown = try await bench.json(ImpairmentSettings.self, ["impair", "1"])
            #expect(shown.bitErrorRate == 0.0001 && shown.latencyMilliseconds == 20)
            let cleared = try await bench.pac(["impair", "1", "--clear"])
            #expect(cleared.output == "line 1: no impairments\n")
            let bad = try await bench.pac(["impair", "1", "--ber", "3"])
            #expect(bad.status == .exited(1) && bad.errors.contains("not a probability"), "\(bad.errors)")

            #expect(try await bench.pac(["impair", "2", "--drop-carrier-after", "1"]).status == .exited(0))
            let held = try await bench.pac(["dial", "2", "5550100", "--hold", "600"])
            #expect(held.status == .exited(0), "\(held.output) \(held.errors)")
            try await waitUntil("the carrier to drop on line 2", within: 10) {
                try await bench.json([LineStatus].self, ["lines"])[1].callState == "idle"
            }
        }
    }

    @Test("line down takes a line out of service and up brings it back; a bad change is a usage error")
    func lineUpDown() async throws {
        try await OperatorBench.with { bench in
            let down = try await bench.pac(["line", "3", "down"])
            #expect(down.status == .exited(0) && down.output == "line 3 is out of service\n")
            #expect(try await bench.json([LineStatus].self, ["lines"])[2].availability == "out of service (administratively down)")
            #expect(try await bench.pac(["line", "3", "up"]).status == .exited(0))
            #expect(try await bench.json([LineStatus].self, ["lines"])[2].availability == "free")
            let wrong = try await bench.pac(["line", "3", "sideways"])
            #expect(wrong.status == .exited(64) && wrong.errors.contains("up"), "\(wrong.errors)")
        }
    }

    @Test("with an admin token: refused without it, accepted with --token or PAC_ADMIN_TOKEN; --admin takes HOST:PORT too")
    func token() async throws {
        try await OperatorBench.with(serveOptions: ["--admin-token", "s3cret"]) { bench in
            let without = try await bench.pac(["status"])
            #expect(without.status == .exited(1) && without.errors.contains("401"), "\(without.errors)")
            #expect(try await bench.pac(["status", "--token", "s3cret", "--admin", "127.0.0.1:8723"]).status == .exited(0))
            #expect(try await bench.pac(["peers"], environment: ["PAC_ADMIN_TOKEN=s3cret"]).status == .exited(0))
        }
    }
}

@Suite("pac operator commands without a daemon")
struct OperatorCommandLineTests {
    @Test("every client subcommand has --help")
    func help() async throws {
        for command in ["status", "lines", "calls", "peers", "ring", "dial", "hangup", "impair", "line"] {
            let (status, output) = try await runPAC([command, "--help"])
            #expect(status == 0 && output.contains("USAGE: pac \(command)") && output.contains("--admin"), "\(command): \(output)")
        }
    }

    @Test("a daemon that is not there is named, with the address tried, and exit status 1")
    func unreachable() async throws {
        let closed = try ClosedTCPPort()
        let port = closed.port
        let (status, output) = try await runPAC(["status", "--admin", "http://127.0.0.1:\(port)"])
        #expect(status == 1, "\(output)")
        #expect(output.contains("cannot reach the PAC's admin API at http://127.0.0.1:\(port)") && output.contains("pac serve"), "\(output)")
    }
}
