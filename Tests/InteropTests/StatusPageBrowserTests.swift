import Foundation
import InteropSupport
import PAC
import Testing

/// The live status page (`GET /`) in real headless Chromium beside `pac serve`, while a PNS's
/// call is up: the page's script must have fetched the API and drawn the call.
@Suite("Status page in headless Chromium", .serialized)
struct StatusPageBrowserTests {
    /// Screenshots land here for a person to look at (git-ignored).
    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("test-artifacts")

    /// Runs headless Chromium in side a (where the admin API listens) on the status page.
    static func chromium(_ bench: OperatorBench, _ arguments: [String], fragment: String = "") async throws -> String {
        try Command.require("chromium")
        let profile = bench.pair.workDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        return try await Command.output(
            ["ip", "netns", "exec", bench.pair.namespace(.a), "chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=\(profile.path)",
             // Virtual time runs the page's timers (a refresh a second) without waiting for them.
             "--virtual-time-budget=5000"] + arguments + ["http://127.0.0.1:8723/\(fragment)"],
            within: 90)
    }

    @Test("the page renders the PAC's lines and shows a call placed during the test; a screenshot is saved")
    func pageShowsCall() async throws {
        try await OperatorBench.with { bench in
            // A noisy line, so that the page has error counters to show.
            for line in 1...4 { _ = try await bench.pac(["impair", "\(line)", "--ber", "0.0003"]) }
            let pns = try bench.placeCall("5550100", hold: 60, frames: 40)
            var call: CallStatus?
            try await waitUntil("the call to connect and its line to count CRC errors", within: 20) {
                call = try await bench.json([CallStatus].self, ["calls"]).first
                let lines = try await bench.json([LineStatus].self, ["lines"])
                return call?.tunnel?.packetsReceived == 40 && (lines.first { $0.id == call?.line }?.statistics.crcErrors ?? 0) > 0
            }
            let callID = try #require(call?.callID)
            let line = try #require(call?.line)

            let dom = try await Self.chromium(bench, ["--dump-dom"])
            #expect(dom.contains(#"<span id="calls-count">1</span>"#), "the script drew one call: \(dom.prefix(4000))")
            let calls = try #require(Self.section("calls", in: dom))
            #expect(calls.contains(#"<td class="mono">\#(callID)</td>"#) && calls.contains(">connected<")
                && calls.contains(bench.pair.address(.b)), "\(calls)")
            let lines = try #require(Self.section("lines", in: dom))
            #expect(lines.components(separatedBy: "<tr").count - 2 == 27, "a row per line")
            #expect(lines.contains(#"<tr class="busy"><td class="mono">\#(line)</td>"#), "the call's line is highlighted")
            #expect(lines.contains(#"<td class="n err">"#), "its non-zero error counters are marked")
            #expect(lines.contains(#"<td class="imp">BER 3e-4</td>"#), "the impairments in force are shown")
            #expect(lines.contains("0xFFFFFFFF") && dom.contains(#"<div id="pulse" class="">live"#))

            try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
            let png = Self.artifacts.appendingPathComponent("status-page.png")
            try? FileManager.default.removeItem(at: png)
            _ = try await Self.chromium(bench, ["--screenshot=\(png.path)", "--window-size=1480,1100", "--hide-scrollbars"])
            let bytes = try Data(contentsOf: png)
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 20_000, "a real PNG at \(png.path)")
            await pns.stop()
        }
    }

    @Test("with an admin token the page reads the API with the token from its #token= fragment, and says so without it")
    func pageWithToken() async throws {
        try await OperatorBench.with(serveOptions: ["--admin-token", "s3cret"]) { bench in
            let with = try await Self.chromium(bench, ["--dump-dom"], fragment: "#token=s3cret")
            #expect(with.contains(#"<div id="pulse" class="">live"#) && with.contains(#"<span id="lines-count">27</span>"#),
                    "\(with.prefix(3000))")
            let without = try await Self.chromium(bench, ["--dump-dom"])
            #expect(without.contains(#"<div id="pulse" class="stale">"#) && without.contains("HTTP 401"), "\(without.prefix(3000))")
        }
    }

    /// The inner HTML of the `<div id="NAME">` a section's table is drawn into.
    static func section(_ name: String, in dom: String) -> String? {
        guard let start = dom.range(of: #"<div id="\#(name)">"#) else { return nil }
        let rest = dom[start.upperBound...]
        return rest.range(of: "</section>").map { String(rest[..<$0.lowerBound]) }
    }
}
