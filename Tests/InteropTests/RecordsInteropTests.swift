import Foundation
import InteropSupport
import Testing

/// `pac serve --capture` and `--call-records` with the real binary and our PNS role, each in
/// its own namespace; Wireshark's dissectors judge the capture.
@Suite("Interop: packet capture and call detail records of pac serve")
struct RecordsInteropTests {
    @Test("the capture holds the call's PPTP control messages and GRE packets, none malformed; SIGTERM leaves every record on disk")
    func captureAndRecords() async throws {
        try await withNetworkNamespacePair { pair in
            let pcap = pair.workDirectory.appendingPathComponent("pac.pcap")
            let records = pair.workDirectory.appendingPathComponent("records/calls.jsonl")
            let pac = try pair.runBuiltProduct(
                in: .a, "pac",
                ["serve", "--listen", pair.address(.a), "--hardware", PACWithPptpLinuxTests.hardware,
                 "--modem", "instant-modem", "--timing", "quick", "--analog-lines", "4",
                 "--capture", pcap.path, "--call-records", records.path])
            try await Pptpd.waitForListener(in: pair, on: .a, port: 1723, process: pac)

            let echo = try pair.runBuiltProduct(
                in: .b, "pac", ["pns", "call", pair.address(.a), "5550150", "--frames", "10", "--hold", "1", "--json"])
            #expect(try await echo.waitForExit(within: 30) == .exited(0), "\(echo.standardOutput()) \(echo.standardError())")
            let busy = try pair.runBuiltProduct(in: .b, "pac", ["pns", "call", pair.address(.a), "5550200", "--json"])
            #expect(try await busy.waitForExit(within: 30) == .exited(2), "\(busy.standardOutput()) \(busy.standardError())")
            // A call still up at SIGTERM: its record is written by the shutdown itself.
            _ = try pair.runBuiltProduct(in: .b, "pac", ["pns", "call", pair.address(.a), "5550100", "--hold", "60"])
            try await waitUntil("the held call connected in /v1/calls", within: 10) {
                // A failed curl (the admin API not listening yet) is "not yet", as in the other polls.
                (try? await Command.output(["ip", "netns", "exec", pair.namespace(.a), "curl", "-s", "127.0.0.1:8723/v1/calls"]))?
                    .contains("\"phase\":\"connected\"") ?? false
            }
            #expect(await pac.stop(grace: 8) == .exited(0), "\(pac.standardError())")

            // Every call's record, on disk once the daemon has exited.
            let lines = try String(contentsOf: records, encoding: .utf8).split(separator: "\n")
            let byNumber = try Dictionary(uniqueKeysWithValues: lines.map { line in
                let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return (record["dialedNumber"] as? String ?? "", record)
            })
            #expect(lines.count == 3 && byNumber.count == 3, "\(lines)")
            let echoRecord = byNumber["5550150"], busyRecord = byNumber["5550200"], held = byNumber["5550100"]
            #expect(echoRecord?["result"] as? String == "Request" && echoRecord?["cause"] as? Int == 16)
            #expect((echoRecord?["tunnelCounters"] as? [String: Any])?["packetsReceived"] as? Int == 10, "\(lines)")
            #expect(busyRecord?["result"] as? String == "Busy" && busyRecord?["cause"] as? Int == 17)
            #expect(held?["result"] as? String == "Admin Shutdown" && held?["answerTime"] != nil, "\(lines)")

            // tshark: the control messages of the calls and the echo call's GRE both ways.
            let types = try await TShark.fields(["pptp.control_message_type"], in: pcap, displayFilter: "pptp").compactMap { $0["pptp.control_message_type"] }
            for type in ["1", "2", "7", "8", "12", "13", "3", "4"] {  // Start-Control, Outgoing-Call, Clear/Disconnect, Stop
                #expect(types.contains(type), "control message type \(type) in \(types)")
            }
            let gre = try await TShark.fields(
                ["ip.src", "gre.key.call_id", "ppp.protocol"], in: pcap, displayFilter: "gre && ppp")
            let fromPNS = gre.filter { $0["ip.src"] == pair.address(.b) }
            let fromPAC = gre.filter { $0["ip.src"] == pair.address(.a) }
            #expect(fromPNS.count == 10 && fromPAC.count == 10, "\(gre)")
            #expect(gre.allSatisfy { $0["ppp.protocol"] == "0xc021" })
            let problems = try await TShark.problems(in: pcap)
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    @Test("--capture-number: only the matching call's GRE packets are captured; control connections are captured whole")
    func captureByNumber() async throws {
        try await withNetworkNamespacePair { pair in
            let pcap = pair.workDirectory.appendingPathComponent("pac.pcap")
            let pac = try pair.runBuiltProduct(
                in: .a, "pac",
                ["serve", "--listen", pair.address(.a), "--hardware", PACWithPptpLinuxTests.hardware,
                 "--modem", "instant-modem", "--timing", "quick", "--analog-lines", "4", "--call-records", "off",
                 "--capture", pcap.path, "--capture-number", "555015"])
            try await Pptpd.waitForListener(in: pair, on: .a, port: 1723, process: pac)
            for number in ["5550150", "5550160"] {
                let call = try pair.runBuiltProduct(
                    in: .b, "pac", ["pns", "call", pair.address(.a), number, "--frames", "5", "--hold", "1"])
                #expect(try await call.waitForExit(within: 30) == .exited(0), "\(call.standardError())")
            }
            #expect(await pac.stop(grace: 8) == .exited(0), "\(pac.standardError())")

            let requests = try await TShark.fields(
                ["pptp.phone_number"], in: pcap, displayFilter: "pptp.control_message_type == 7")
            #expect(requests.map { $0["pptp.phone_number"] } == ["5550150", "5550160"], "\(requests)")
            let frames = try await TShark.fields(["ip.src"], in: pcap, displayFilter: "gre && ppp")
            #expect(frames.filter { $0["ip.src"] == pair.address(.b) }.count == 5, "one call's 5 frames, not 10: \(frames)")
            #expect(frames.filter { $0["ip.src"] == pair.address(.a) }.count == 5)
            #expect(try await TShark.problems(in: pcap).isEmpty)
        }
    }

    @Test("a record file that cannot be opened is logged with its path and reason; the daemon runs on and stops cleanly")
    func unwritableRecords() async throws {
        try Privilege.requireRoot()
        let (status, output) = try await runPAC(
            ["serve", "--listen", "127.0.0.1", "--port", "0", "--admin-listen", "off",
             "--hardware", PACWithPptpLinuxTests.hardware, "--call-records", "/proc/pac-records/calls.jsonl"],
            within: 4)
        #expect(status == 0, "stopped by SIGTERM after the time-out: \(output)")
        #expect(output.contains("cannot open the call detail record file /proc/pac-records/calls.jsonl"), "\(output)")
        #expect(output.contains("PAC is running"))
    }

    @Test("check-config prints where records and capture go, and names a bad capture key")
    func checkConfig() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pac-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "records:\n  file: \"off\"\ncapture:\n  file: /tmp/x.pcap\n  line: 2\n".write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await runPAC(["check-config", file.path])
        #expect(status == 0 && output.contains("call records: off; capture: /tmp/x.pcap (line 2)"), "\(output)")
        try "capture:\n  file: /tmp/x.pcap\n  lines: 2\n".write(to: file, atomically: true, encoding: .utf8)
        let (failed, message) = try await runPAC(["check-config", file.path])
        #expect(failed == 1 && message.contains("\(file.path):3: key 'capture.lines': unknown key"), "\(message)")
    }
}
