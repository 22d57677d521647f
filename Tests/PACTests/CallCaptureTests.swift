import Foundation
import InteropSupport
import Logging
import NIOCore
import Testing
@testable import PAC

@Suite("Packet capture of control connections")
struct CallCaptureTests {
    @Test("capture by peer: the chosen PNS's control messages are in a file tshark reads, another PNS's are not")
    func byPeer() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pac-capture-\(UUID()).pcap")
        defer { try? FileManager.default.removeItem(at: file) }
        let capture = try CallCapture(
            path: file.path, filter: CaptureFilter(peer: IPv4Network("198.18.0.2")), logger: Logger(label: "test"))
        let pac = try EngineHarness()
        pac.engine.capture = capture
        let chosen = try pac.connectPNS(from: "198.18.0.2")
        let other = try pac.connectPNS(from: "198.18.0.6")
        #expect(chosen.received().count == 1 && other.received().count == 1, "both are answered")
        await capture.close()

        let rows = try await TShark.fields(["ip.src", "pptp.control_message_type"], in: file, displayFilter: "pptp")
        #expect(rows.map { $0["pptp.control_message_type"] } == ["1", "2"], "\(rows)")
        #expect(rows.first?["ip.src"] == "198.18.0.2")
        #expect(try await TShark.problems(in: file).isEmpty)
    }
}
