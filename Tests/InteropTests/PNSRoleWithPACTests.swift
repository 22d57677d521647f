import Foundation
import InteropSupport
import Testing

/// Both ends ours: `pac pns call` against `pac serve`, each in its own namespace.
@Suite("Interop: pac pns against pac serve")
struct PNSRoleWithPACTests {
    struct Report: Decodable {
        var result: String?
        var cause: Int?
        var disconnect: String?
        var disconnectCause: Int?
        var framesSent: Int?
        var framesReceived: Int?
    }

    /// GET `path` from the admin API of the PAC in namespace a.
    static func admin(_ path: String, in pair: NetworkNamespacePair) async throws -> String {
        try await Command.output(["ip", "netns", "exec", pair.namespace(.a), "curl", "-s", "127.0.0.1:8723\(path)"])
    }

    @Test("§4 frames sent over GRE to an echo number all come back; the clear is answered with Request, cause 16")
    func echoOverGRE() async throws {
        try await withNetworkNamespacePair { pair in
            _ = try await PACWithPptpLinuxTests.startPAC(in: pair)
            let pns = try pair.runBuiltProduct(
                in: .b, "pac", ["pns", "call", pair.address(.a), "5550150", "--frames", "40", "--hold", "2", "--json"])
            // While the call is held, the admin API shows its tunnel (RFC 2637 §4 counters).
            var calls = ""
            // The admin API may still be starting (a sanitizer build is slow): an error is "not yet".
            try await waitUntil("the call's tunnel in /v1/calls", within: 10) {
                calls = (try? await Self.admin("/v1/calls", in: pair)) ?? ""
                return calls.contains("\"packetsReceived\":40")
            }
            #expect(calls.contains("\"transmitWindow\":") && calls.contains("\"framesDelivered\":40"), "\(calls)")
            let status = try await pns.waitForExit(within: 30)
            let output = pns.standardOutput()
            #expect(status == .exited(0), "pac pns: \(output) \(pns.standardError())")
            let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))
            #expect(report.result == "1 (Connected)")
            #expect(report.framesSent == 40 && report.framesReceived == 40, "\(output)")
            #expect(report.disconnect == "4 (Request)" && report.disconnectCause == 16)
        }
    }

    @Test("a PNS on the PAC's own host speaks from 127.0.0.2: neither takes the other's GRE packets for its own")
    func sameHost() async throws {
        try await withNetworkNamespacePair { pair in
            _ = try await PACWithPptpLinuxTests.startPAC(in: pair, listen: "0.0.0.0")
            // Both start numbering calls at 1: on one address the PAC would also take its own
            // packets to the PNS for the PNS's, so its tunnel would count twice the packets.
            let pns = try pair.runBuiltProduct(
                in: .a, "pac", ["pns", "call", "127.0.0.1", "5550150", "--frames", "40", "--hold", "3", "--json"])
            var calls = ""
            try await waitUntil("the 40 frames delivered, in /v1/calls", within: 10) {
                calls = (try? await Self.admin("/v1/calls", in: pair)) ?? ""
                return calls.contains("\"framesDelivered\":40")
            }
            let received = calls.firstMatch(of: /"packetsReceived":(\d+)/).map { Int($0.1) }
            #expect(received == 40, "the PAC's tunnel received only the PNS's packets: \(calls)")
            let status = try await pns.waitForExit(within: 30)
            let output = pns.standardOutput()
            #expect(status == .exited(0), "pac pns: \(output) \(pns.standardError())")
            let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))
            #expect(report.framesSent == 40 && report.framesReceived == 40, "\(output)")
        }
    }

    @Test("the hold load driver on the PAC's own host: every frame it counts went through the PAC")
    func holdDriverSameHost() async throws {
        struct HoldReport: Decodable { var callsUp: Int; var framesSent: Int; var framesReceived: Int }
        try await withNetworkNamespacePair { pair in
            _ = try await PACWithPptpLinuxTests.startPAC(in: pair, listen: "0.0.0.0")
            // Unbound, the driver's GRE left from 127.0.0.1: the PAC dropped it all as from no
            // peer, and the driver counted its own packets as echoes.
            let hold = try pair.runBuiltProduct(
                in: .a, "pac",
                ["pns", "hold", "127.0.0.1", "5550150", "--calls", "4", "--calls-per-connection", "2", "--bearer", "analog",
                 "--seconds", "2", "--frame-interval", "0.25"])
            let status = try await hold.waitForExit(within: 30)
            let output = hold.standardOutput()
            #expect(status == .exited(0), "pac pns hold: \(output) \(hold.standardError())")
            let report = try JSONDecoder().decode(HoldReport.self, from: Data(output.utf8))
            #expect(report.callsUp == 4 && report.framesReceived > 0, "\(output)")
            let metrics = try await Self.admin("/metrics", in: pair)
            let sent = metrics.firstMatch(of: /pac_gre_packets_total\{direction="sent"\} (\d+)/).flatMap { Int($0.1) } ?? 0
            let received = metrics.firstMatch(of: /pac_gre_packets_total\{direction="received"\} (\d+)/).flatMap { Int($0.1) } ?? 0
            // Every echo the driver counted went out of the PAC, in answer to a frame it took in.
            #expect(sent >= report.framesReceived && received >= report.framesReceived, "\(metrics)")
        }
    }
}
