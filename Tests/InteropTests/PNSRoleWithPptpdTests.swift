import Foundation
import InteropSupport
import Testing

/// The project's PNS role (`pac pns call`) against pptpd, a real PAC.
@Suite("Interop: pac pns against pptpd (a real PAC)")
struct PNSRoleWithPptpdTests {
    struct Report: Decodable {
        var result: String?
        var connectSpeed: Int?
        var disconnect: String?
        var error: String?
    }

    @Test("§3.2.4.2 control connection, outgoing call, clear: the message sequence on the wire")
    func callPptpd() async throws {
        try await Pptpd.exclusively { try await withNetworkNamespacePair { pair in
            let capture = try await TShark.startCapture(in: pair, on: .a, filter: "tcp port 1723", maxSeconds: 60)
            _ = try await Pptpd.start(in: pair, on: .a)
            let pns = try pair.runBuiltProduct(
                in: .b, "pac", ["pns", "call", pair.address(.a), "5550100", "--hold", "1", "--json"])
            let status = try await pns.waitForExit(within: 30)
            let output = pns.standardOutput()
            let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))
            #expect(status == .exited(0), "pac pns: \(output) \(pns.standardError())")
            #expect(report.result == "1 (Connected)")
            // pptpd answers Call-Clear-Request by closing TCP (docs/interop-notes.md).
            #expect(report.disconnect?.hasPrefix("control connection closed without Call-Disconnect-Notify") == true)

            let file = await capture.stop()
            let types = try await TShark.fields(["pptp.control_message_type"], in: file, displayFilter: "pptp")
                .compactMap { Int($0["pptp.control_message_type"] ?? "") }
            // pptpd sometimes closes the connection on its own before our Call-Clear-Request
            // leaves (docs/interop-notes.md), so the clear is allowed to be missing.
            #expect(Array(types.prefix(4)) == [1, 2, 7, 8] && Set(types).isSubset(of: [1, 2, 7, 8, 12]), "message types on the wire: \(types)")
            let problems = try await TShark.problems(in: file, displayFilter: "pptp")
            #expect(problems.isEmpty, "\(problems)")
        } }
    }
}
