import Foundation
import InteropSupport
import Testing

/// The fixture carrying what it was built for: pptpd (a PAC) in one namespace, pptp-linux
/// (a PNS) on a pseudo-terminal in the other, a capture between them.
@Suite("Real peers through the fixture")
struct RealPeersTests {
    @Test("pptp-linux calls pptpd: a PPP frame reaches pptp's pty, the capture decodes cleanly")
    func pptpCallsPptpd() async throws {
        try Command.require("pptpd")
        try Command.require("pptp")
        // pptp has exited before its first frame in 2 of about 15 whole-suite runs (never alone):
        // a second attempt in fresh namespaces, with the first exit's reason on stderr, keeps
        // that from failing the suite; two exits in a row still fail it.
        if try await pptpCallsPptpd(lastAttempt: false) { return }
        _ = try await pptpCallsPptpd(lastAttempt: true)
    }

    /// One attempt; false if pptp exited before its first frame and another attempt may follow.
    private func pptpCallsPptpd(lastAttempt: Bool) async throws -> Bool {
        try await Pptpd.exclusively { try await withNetworkNamespacePair { pair in
            let pac = pair.address(.a)
            let capture = try await TShark.startCapture(in: pair, on: .a, filter: "tcp port 1723 or ip proto 47")
            _ = try await Pptpd.start(in: pair, on: .a)

            let pptp = try pair.run(
                in: .b, "pptp", [pac, "--nolaunchpppd", "--phone", "5550100", "--nohostroute"], terminal: true)
            let terminal = try #require(pptp.terminal)
            var received: [UInt8] = []
            do {
                while received.count < Pptpd.standInFrame.count {
                    received += try await terminal.read(within: 10)
                }
            } catch {
                // The pty fails once pptp has exited: say why it did.
                let status = pptp.exitStatus.map { "\($0)" } ?? "still running"
                let why = "pptp wrote \(received) before \(error); pptp: \(status), stderr: \(pptp.standardError())"
                guard lastAttempt else {
                    FileHandle.standardError.write(Data("RealPeersTests: trying again: \(why)\n".utf8))
                    return false
                }
                Issue.record(Comment(rawValue: why))
                throw error
            }
            #expect(received == Pptpd.standInFrame, "pptp wrote \(received) to its pty")

            await pptp.stop()
            let file = await capture.stop()
            let types = try await TShark.fields(["pptp.control_message_type"], in: file, displayFilter: "pptp")
                .compactMap { Int($0["pptp.control_message_type"] ?? "") }
            #expect(Array(types.prefix(4)) == [1, 2, 7, 8])
            #expect(types.contains(12), "SIGTERM makes pptp send Call-Clear-Request")
            #expect(try await TShark.problems(in: file, displayFilter: "pptp || gre").isEmpty)

            let sccrq = try await TShark.fields(["tcp.payload"], in: file, displayFilter: "pptp.control_message_type == 1")
            let golden = try #require(GoldenFixtures.messages().first { $0.type == "Start-Control-Connection-Request" })
            #expect(sccrq.first?["tcp.payload"] == golden.bytes.map { String(format: "%02x", $0) }.joined())
            return true
        } }
    }
}
