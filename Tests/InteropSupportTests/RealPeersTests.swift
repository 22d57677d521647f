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
        try await withNetworkNamespacePair { pair in
            let pac = pair.address(.a)
            let capture = try await TShark.startCapture(in: pair, on: .a, filter: "tcp port 1723 or ip proto 47")
            let pptpd = try pair.run(in: .a, "pptpd", try pptpdArguments(in: pair))
            try await waitUntil("pptpd to listen on \(pac):1723", within: 10) {
                if let ended = pptpd.exitStatus { throw PeerFailed(what: "pptpd \(ended): \(pptpd.standardError())") }
                let listening = try await Command.output(
                    ["ip", "netns", "exec", pair.namespace(.a), "ss", "-Hltn", "sport = :1723"])
                return !listening.isEmpty
            }

            let pptp = try pair.run(
                in: .b, "pptp", [pac, "--nolaunchpppd", "--phone", "5550100", "--nohostroute"], terminal: true)
            let terminal = try #require(pptp.terminal)
            var received: [UInt8] = []
            while received.count < Self.standInFrame.count {
                received += try await terminal.read(within: 10)
            }
            #expect(received == Self.standInFrame, "pptp wrote \(received) to its pty")

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
        }
    }

    /// LCP Configure-Request, magic 0x5A5A0001, async-HDLC framed with the default ACCM.
    static let standInFrame: [UInt8] = [
        0x7E, 0xFF, 0x7D, 0x23, 0xC0, 0x21, 0x7D, 0x21, 0x7D, 0x21, 0x7D, 0x20, 0x7D, 0x2A,
        0x7D, 0x25, 0x7D, 0x26, 0x5A, 0x5A, 0x7D, 0x20, 0x7D, 0x21, 0x21, 0x8F, 0x7E,
    ]

    /// A temporary pptpd.conf and a stand-in for pppd (pppd cannot run here) that sets its
    /// pty raw, sends ``standInFrame`` and stays up. localip/remoteip are only handed to the
    /// stand-in, never configured.
    private func pptpdArguments(in pair: NetworkNamespacePair) throws -> [String] {
        let directory = pair.workDirectory
        let conf = directory.appendingPathComponent("pptpd.conf")
        let options = directory.appendingPathComponent("pppd-options")
        let standIn = directory.appendingPathComponent("pppd-stand-in")
        try "".write(to: options, atomically: true, encoding: .utf8)
        try """
            option \(options.path)
            listen \(pair.address(.a))
            localip 198.18.100.1
            remoteip 198.18.100.2
            """.write(to: conf, atomically: true, encoding: .utf8)
        let frame = Self.standInFrame.map { String(format: "\\x%02x", $0) }.joined()
        try """
            #!/bin/bash
            stty raw -echo
            printf '%b' '\(frame)'
            exec sleep 60
            """.write(to: standIn, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: standIn.path)
        return ["--fg", "--conf", conf.path, "--pidfile", directory.appendingPathComponent("pptpd.pid").path,
                "--ppp", standIn.path]
    }

    struct PeerFailed: Error, CustomStringConvertible {
        let what: String
        var description: String { what }
    }
}
