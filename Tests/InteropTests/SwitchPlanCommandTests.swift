import Foundation
import InteropSupport
import Testing

/// The `switch:` and `timers:` sections through the built binary: `pac check-config` prints
/// them, and `pac serve --config` puts the configured numbers on its switch.
@Suite("pac serve's configured number plan and timers", .serialized)
struct SwitchPlanCommandTests {
    static let yaml = """
        control:
          receive-window: 32
        switch:
          replace-default-plan: true
          numbers:
            - numbers: 5550300-5550309
              rings: 2
            - numbers: 5550310
              behaviour: reject
              cause: 27
        timers:
          set-up: 2
          keep-alive: 30
          outgoing-call: 120
        limits:
          first-message-timeout: 600
        tunnel:
          max-ack-timeout-ms: 4000
          reorder-buffer: 32

        """

    static func withFile(_ body: (String) async throws -> Void) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pac-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        try await body(file.path)
    }

    @Test("check-config prints the timers, the receive window, the tunnel's limits and the configured plan")
    func checkConfig() async throws {
        try await Self.withFile { file in
            let (status, output) = try await runPAC(["check-config", file])
            #expect(status == 0, "\(output)")
            #expect(output.contains(
                "timers: set-up 2 s, keep-alive 30 s, echo-reply 60 s, stop-reply 60 s, call-transition 60 s, outgoing-call 120 s, "
                    + "wan-error-notify 60 s; receive window 32 packets\n"), "\(output)")
            #expect(output.contains(
                "tunnel: acknowledgment time-out 100…4000 ms, transmit queue 64 frames, reorder buffer 32 packets\n"), "\(output)")
            #expect(output.contains("switch: only the numbers below\n"), "\(output)")
            #expect(output.contains("  5550300–5550309  analog: answers after 2 rings, the far end echoes every frame\n"), "\(output)")
            #expect(output.contains("  5550310          analog: rejects the call with cause 27 (destination out of order)\n"), "\(output)")
            #expect(!output.contains("5550100"), "the default plan is replaced: \(output)")
        }
    }

    @Test("serve --config: the banner lists the configured numbers, they behave as configured when dialed, timers.set-up applies")
    func configuredNumbersAnswer() async throws {
        try await Self.withFile { file in
            try await OperatorBench.with(serveOptions: ["--config", file]) { bench in
                let banner = bench.serve.standardOutput()
                #expect(banner.contains("  5550300–5550309  analog: answers after 2 rings, the far end echoes every frame"), "\(banner)")
                #expect(!banner.contains("5551100"), "\(banner)")

                let up = try await bench.pac(["dial", "1", "5550305"])
                #expect(up.status == .exited(0) && up.output.contains("line 1: 5550305 connected at"), "\(up.output) \(up.errors)")
                let rejected = try await bench.pac(["dial", "1", "5550310"])
                #expect(rejected.status == .exited(2) && rejected.output.contains("5550310 refused (cause 27, destination out of order)"),
                        "\(rejected.output) \(rejected.errors)")
                let gone = try await bench.pac(["dial", "1", "5550100"])
                #expect(gone.status == .exited(2) && gone.output.contains("5550100 refused (cause 1, unassigned (unallocated) number)"),
                        "the default plan's numbers are gone: \(gone.output) \(gone.errors)")

                // RFC 2637 §3.1.4 (1): a connection that never sends Start-Control-Connection-Request
                // is closed after timers.set-up (2 s); RFC 2637's 60 s, and limits.first-message-timeout
                // set to 600 s above, would outlast this wait.
                let silent = try bench.pair.run(
                    in: .b, "/bin/bash", ["-c", "exec 3<>/dev/tcp/\(bench.pair.address(.a))/1723 && cat <&3"])
                #expect(try await silent.waitForExit(within: 30) == .exited(0), "\(silent.standardError())")
            }
        }
    }
}
