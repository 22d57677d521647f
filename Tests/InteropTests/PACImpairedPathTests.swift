import Foundation
import InteropSupport
import Testing

/// pptp-linux against `pac serve` when the path between them misbehaves (RFC 2637 §4.3):
/// pptp's own reordering test, and a lossy path made with nftables in pptp's namespace (the
/// kernel here has no sch_netem). Frames are LCP Echo-Requests numbered in their data; the
/// echo line sends each back, and pptp's pty must see every number at most once, in order.
/// The PAC's counters come from the `tunnel statistics:` line it logs at call release.
@Suite("Interop: pptp-linux against pac serve over an impaired path", .serialized)
struct PACImpairedPathTests {
    /// What one exchange saw: the numbers that came back on pptp's pty, in arrival order,
    /// how many were sent, and the PAC's tunnel counters for the call.
    struct Exchange {
        var sent: Int
        var echoed: [Int]
        var tunnel: [String: Int]
        /// Sequence numbers of pptp's GRE data packets as they reached the PAC's namespace.
        var arrived: [Int]
        /// Echoes of the unnumbered frames that waited for the call to connect.
        var probeEchoes: Int
        var pptpRanToTheEnd: Bool

        /// Numbers never seen between the first and the last that arrived: what a receiver
        /// that delivers in order must give up as lost.
        var holes: Int {
            guard let low = arrived.min(), let high = arrived.max() else { return 0 }
            return high - low + 1 - Set(arrived).count
        }
    }

    @Test("§4.3 pptp --test-type 3 reverses runs of packets: the PAC puts them back in order, nothing doubled")
    func reorderedByPptp() async throws {
        try Command.require("pptp")
        try await Pptpd.exclusively { try await withNetworkNamespacePair { pair in
            let exchange = try await Self.exchange(in: pair, frames: 200, pptpOptions: ["--test-type", "3", "--test-rate", "20"])
            Self.expectConsistent(exchange)
            let tunnel = exchange.tunnel
            #expect(
                zip(exchange.arrived, exchange.arrived.dropFirst()).contains { $0 > $1 },
                "pptp's packets arrived in order, nothing was tested: \(exchange.arrived)")
            // Nothing is lost on this path: every packet pptp sent reached the PAC, which gave up
            // only numbers pptp never sent (or still held when the call ended).
            #expect(tunnel["packetsReceived"] == exchange.arrived.count, "\(tunnel), arrived \(exchange.arrived)")
            #expect(tunnel["packetsLost"] == exchange.holes, "\(tunnel), arrived \(exchange.arrived)")
            // How many echoes survive depends on pptp's own reordering test and on timing (99 to
            // 180 of 200 seen); the accounting above is the exact part, this only says data flowed.
            #expect(!exchange.echoed.isEmpty, "nothing echoed of \(exchange.sent); \(tunnel)")
        } }
    }

    @Test("§4.3 10 % of GRE dropped each way: echoes arrive at most once and in order; the PAC counts what it got and lost")
    func lossyPath() async throws {
        try Command.require("pptp")
        try Command.require("nft")
        try await Pptpd.exclusively { try await withNetworkNamespacePair { pair in
            try await LossyPath.install(in: pair, percent: 10)
            let exchange = try await Self.exchange(in: pair, frames: 300, pptpOptions: [])
            let counters = try await LossyPath.counters(in: pair)
            Self.expectConsistent(exchange)
            let tunnel = exchange.tunnel
            #expect(counters.droppedDataToPAC > 0 && counters.droppedDataToPNS > 0, "the path dropped no data: \(counters)")
            // Every data packet pptp sent that the path let through reached the PAC's window, once.
            #expect(tunnel["packetsReceived"] == counters.dataToPAC - counters.droppedDataToPAC, "\(tunnel) \(counters)")
            // Each dropped one leaves a gap the PAC gives up, except drops before its first packet
            // or after its last (a few at most, at 10 %).
            let lost = tunnel["packetsLost"] ?? -1
            #expect(
                lost <= counters.droppedDataToPAC && lost >= counters.droppedDataToPAC - 4,
                "lost \(lost): \(tunnel) \(counters)")
            // Every GRE packet the PAC sent (data and acknowledgment-only) reached pptp's namespace.
            #expect(counters.dataToPNS == tunnel["packetsSent"], "\(tunnel) \(counters)")
            #expect(counters.toPNS - counters.dataToPNS == tunnel["acknowledgmentsSent"], "\(tunnel) \(counters)")
            // The configured MaxTimeOut bounds the adaptive time-out, however the losses backed it off.
            #expect((tunnel["acknowledgmentTimeoutMicroseconds"] ?? .max) <= Self.maximumAcknowledgmentTimeout * 1000, "\(tunnel)")
            // pptp hands on every data packet that was not dropped: numbered echoes and probes.
            // On a mismatch the numbers never echoed say where: at the end (pptp still held them
            // when reading stopped) or between others (pptp lost them).
            #expect(
                exchange.echoed.count + exchange.probeEchoes == counters.dataToPNS - counters.droppedDataToPNS,
                "echoed \(exchange.echoed.count) + \(exchange.probeEchoes) probes: \(tunnel) \(counters); never echoed: \(Set(0..<exchange.sent).subtracting(exchange.echoed).sorted())")
        } }
    }

    /// What holds on any path that neither duplicates nor corrupts: pptp's pty sees each echo
    /// at most once and in order, and the PAC's counters add up.
    static func expectConsistent(_ exchange: Exchange) {
        let tunnel = exchange.tunnel
        #expect(exchange.pptpRanToTheEnd, "pptp exited during the exchange")
        #expect(!exchange.echoed.isEmpty, "nothing came back: \(tunnel)")
        let ascending = zip(exchange.echoed, exchange.echoed.dropFirst()).allSatisfy { $0 < $1 }
        #expect(ascending, "echoes out of order or doubled: \(exchange.echoed)")
        #expect(exchange.echoed.allSatisfy { (0..<exchange.sent).contains($0) }, "\(exchange.echoed)")
        #expect(exchange.echoed.count <= (tunnel["packetsSent"] ?? 0), "\(tunnel)")
        #expect(tunnel["dropsStale"] == 0 && tunnel["dropsDuplicate"] == 0, "\(tunnel)")
        #expect(tunnel["framesDelivered"] == tunnel["packetsReceived"], "\(tunnel)")
        // The echo line returns every frame: each was sent on, dropped at the full transmit
        // queue (§4.2.4: pptp's window is 3 packets), or still queued when the call ended.
        #expect(
            (tunnel["packetsSent"] ?? 0) + (tunnel["dropsTransmitQueueFull"] ?? 0) <= (tunnel["framesDelivered"] ?? 0),
            "\(tunnel)")
    }

    /// The PAC's MaxTimeOut (§4.4, `tunnel.max-ack-timeout-ms`) in these tests, and how long the
    /// pty must stay silent after the last frame is written for the exchange to be over: longer
    /// than any frame can wait in the PAC for an acknowledgment that was lost.
    static let maximumAcknowledgmentTimeout = 2000
    static let quietSeconds = 3.0

    /// An echo call through pptp (with `pptpOptions`), `frames` numbered frames written into
    /// its pty, what comes back read until quiet, then pptp stopped and the PAC's log read.
    static func exchange(in pair: NetworkNamespacePair, frames: Int, pptpOptions: [String]) async throws -> Exchange {
        let capture = try await TShark.startCapture(in: pair, on: .a, filter: "ip proto 47", maxSeconds: 120)
        let pac = try await PACWithPptpLinuxTests.startPAC(in: pair, configuration: "tunnel:\n  max-ack-timeout-ms: \(maximumAcknowledgmentTimeout)\n")
        let pptp = try pair.run(
            in: .b, "pptp",
            [pair.address(.a), "--nolaunchpppd", "--phone", "5550100", "--nohostroute"] + pptpOptions, terminal: true)
        let terminal = try #require(pptp.terminal)
        // pptp forwards nothing until its call is connected: repeat a first frame until it echoes.
        let probe = PptpEcho.echoRequest(id: 0, [0x70, 0x72, 0x6F, 0x62, 0x65])
        var bytes: [UInt8] = []
        for _ in 0..<20 where bytes.isEmpty {
            try terminal.write(PptpEcho.framed([probe]))
            bytes = (try? await terminal.read(within: 1)) ?? []
        }
        #expect(!bytes.isEmpty, "no echo through pptp: \(pac.standardError().suffix(2000))")
        // Ten frames a write, 20 ms apart: about what the 56 kbit/s simulated line carries.
        for start in stride(from: 0, to: frames, by: 10) {
            try terminal.write(PptpEcho.framed((start..<min(frames, start + 10)).map(numbered)))
            bytes += (try? await terminal.read(within: 0.02)) ?? []
        }
        // Quiet means longer than the PAC's acknowledgment time-out: after a lost acknowledgment its
        // queued frames wait that long (§4.4). Adaptive, it grew past 3 s at the round trips of a
        // sanitizer build with a lossy path, so the PAC runs with a MaxTimeOut below the quiet time.
        for _ in 0..<30 {
            guard let more = try? await terminal.read(within: quietSeconds), !more.isEmpty else { break }
            bytes += more
        }
        let pptpRanToTheEnd = pptp.isRunning
        await pptp.stop()
        let line = try await waitForTunnelStatistics(pac)
        await pac.stop()
        let file = await capture.stop()
        let arrived = try await TShark.fields(
            ["gre.sequence_number"], in: file, displayFilter: "ip.src == \(pair.address(.b)) && gre.sequence_number"
        ).compactMap { $0["gre.sequence_number"].flatMap { Int($0) } }
        let received = PptpEcho.deframe(bytes)
        return Exchange(
            sent: frames, echoed: received.compactMap(number), tunnel: line, arrived: arrived,
            probeEchoes: received.filter { $0 == probe }.count, pptpRanToTheEnd: pptpRanToTheEnd)
    }

    /// LCP Echo-Request (RFC 1661 §5.8) whose data is "seq" and the 32-bit `index`.
    static func numbered(_ index: Int) -> [UInt8] {
        PptpEcho.echoRequest(
            id: UInt8(truncatingIfNeeded: index),
            [0x73, 0x65, 0x71] + withUnsafeBytes(of: UInt32(index).bigEndian) { Array($0) })
    }

    /// The index of a frame made by `numbered`; nil for any other frame (the probes).
    static func number(_ frame: [UInt8]) -> Int? {
        guard frame.count == 19, frame[12...14].elementsEqual([0x73, 0x65, 0x71]) else { return nil }
        return frame[15...18].reduce(0) { $0 << 8 | Int($1) }
    }

    /// The PAC logs a call's tunnel counters when it releases the call (pptp's
    /// Call-Clear-Request); waits up to 10 s for the line and parses its `key=value` words.
    static func waitForTunnelStatistics(_ pac: ChildProcess) async throws -> [String: Int] {
        var words: [String: Int] = [:]
        for _ in 0..<100 where words.isEmpty {
            if let line = pac.standardError().split(separator: "\n").first(where: { $0.contains("tunnel statistics:") }) {
                for word in line.split(separator: " ") {
                    let parts = word.split(separator: "=")
                    if parts.count == 2, let value = Int(parts[1]) { words[String(parts[0])] = value }
                }
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(!words.isEmpty, "no tunnel statistics logged: \(pac.standardError().suffix(2000))")
        return words
    }
}
