import Foundation
import InteropSupport
import Testing

@Suite("TShark")
struct TSharkTests {
    @Test("captures a ping on the veth and decodes it without problems")
    func captureAndDecode() async throws {
        try await withNetworkNamespacePair { pair in
            let capture = try await TShark.startCapture(in: pair, on: .a, filter: "icmp")
            let ping = try pair.run(in: .b, "ping", ["-c", "1", "-W", "1", pair.address(.a)])
            #expect(try await ping.waitForExit(within: 5) == .exited(0))
            let file = await capture.stop()
            let packets = try await TShark.fields(["ip.src", "ip.dst", "icmp.type"], in: file)
            #expect(packets.contains { $0["ip.src"] == pair.address(.b) && $0["icmp.type"] == "8" })
            #expect(packets.contains { $0["ip.src"] == pair.address(.a) && $0["icmp.type"] == "0" })
            #expect(try await TShark.problems(in: file).isEmpty)
        }
    }

    @Test("lists expert warnings: the golden capture's TCP resets")
    func problemsInGoldenCapture() async throws {
        let file = GoldenFixtures.capture()
        let problems = try await TShark.problems(in: file)
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.severity == .warning && $0.message.contains("RST") })
        #expect(try await TShark.problems(in: file, displayFilter: "pptp || gre").isEmpty)
    }
}
