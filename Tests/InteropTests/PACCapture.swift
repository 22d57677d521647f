import Foundation
import InteropSupport

/// What the PAC said on its control connections, read from a capture with tshark.
enum PACCapture {
    /// Call-Disconnect-Notify Result Codes (RFC 2637 §2.13) in order: "1" Lost Carrier,
    /// "3" Admin Shutdown, "4" Request.
    static func disconnectResults(in file: URL) async throws -> [String] {
        try await TShark.fields(["pptp.disc_result"], in: file, displayFilter: "pptp.control_message_type == 13")
            .compactMap { $0["pptp.disc_result"] }
    }

    /// Whether the PAC sent Stop-Control-Connection-Request with reason Stop-Local-Shutdown.
    /// tshark dissects only the first PPTP message of a TCP segment, and the PAC sends
    /// Call-Disconnect-Notify and Stop-Control-Connection-Request together: look for the Stop
    /// request's exact bytes (RFC 2637 §2.3, reason 3) in what the PAC sent.
    static func sentStopLocalShutdown(in file: URL) async throws -> Bool {
        let fromPAC = try await TShark.fields(["tcp.payload"], in: file, displayFilter: "tcp.srcport == 1723 && tcp.len > 0")
        let stopRequest = "001000011a2b3c4d0003000003000000"
        return fromPAC.contains { ($0["tcp.payload"] ?? "").contains(stopRequest) }
    }
}
