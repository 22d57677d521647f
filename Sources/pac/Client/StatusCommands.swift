import ArgumentParser
import Foundation
import PAC
import PACAdminClient

/// `pac status`: the PAC in a few lines.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a running PAC's control connections, calls, lines and counters.")
    @OptionGroup var options: AdminOptions

    func run() async throws {
        try await reportingFailures {
            let (status, data) = try await options.client.fetch(EngineStatus.self, "/v1/status")
            if options.json { return options.printJSON(data) }
            let s = status.statistics
            let lines = status.lines.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            print("""
                control connections: \(status.controlConnections) (\(status.establishedConnections) established), \(s.connectionsAccepted) accepted, \(s.connectionsRefused) refused
                calls: \(status.calls) now; outgoing \(s.outgoingCalls) requested, \(s.outgoingCallsConnected) connected; incoming \(s.incomingCalls) rung, \(s.incomingCallsConnected) connected, \(s.incomingCallsRejected) rejected
                lines: \(lines)
                protocol violations: \(s.violations), keep-alive failures: \(s.keepAliveFailures), WAN-Error-Notify sent: \(s.wanErrorNotifiesSent)
                """)
        }
    }
}

/// `pac lines`: one row per line.
struct Lines: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a running PAC's lines: availability, call state, ACCM in force, error counters.")
    @OptionGroup var options: AdminOptions

    func run() async throws {
        try await reportingFailures {
            let (lines, data) = try await options.client.fetch([LineStatus].self, "/v1/lines")
            if options.json { return options.printJSON(data) }
            var table = TextTable(
                ["LINE", "BEARER", "CH", "AVAILABILITY", "CALL STATE", "CALL", "SEND ACCM", "RECV ACCM", "CALLS",
                 "CRC", "FRAMING", "HW OVR", "BUF OVR", "TIMEOUT", "ALIGN"],
                numeric: [0, 2, 5, 8, 9, 10, 11, 12, 13, 14])
            for line in lines {
                let s = line.statistics
                table.add(
                    ["\(line.id)", line.bearer, "\(line.channel)", line.availability, line.callState,
                     line.callID.map(String.init) ?? "-", line.sendACCM, line.receiveACCM, "\(line.callsCarried)",
                     "\(s.crcErrors)", "\(s.framingErrors)", "\(s.hardwareOverruns)", "\(s.bufferOverruns)",
                     "\(s.timeouts)", "\(s.alignmentErrors)"])
            }
            print(table.text)
        }
    }
}

/// `pac calls`: one row per call.
struct Calls: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a running PAC's calls: line, peer, phase, time up and tunnel counters.")
    @OptionGroup var options: AdminOptions

    func run() async throws {
        try await reportingFailures {
            let (calls, data) = try await options.client.fetch([CallStatus].self, "/v1/calls")
            if options.json { return options.printJSON(data) }
            guard !calls.isEmpty else { return print("no calls") }
            var table = TextTable(
                ["CALL", "PEER CALL", "LINE", "DIRECTION", "PHASE", "PEER", "UP S", "PKTS TX", "PKTS RX", "LOST", "DROPS"],
                numeric: [0, 1, 2, 6, 7, 8, 9, 10])
            for call in calls {
                let t = call.tunnel
                let drops = t.map { $0.dropsTransmitQueueFull + $0.dropsFrameTooLarge + $0.dropsStale + $0.dropsDuplicate }
                table.add(
                    ["\(call.callID)", call.peerCallID.map(String.init) ?? "-", "\(call.line)", call.direction, call.phase,
                     call.peer, String(format: "%.1f", call.secondsUp), t.map { "\($0.packetsSent)" } ?? "-",
                     t.map { "\($0.packetsReceived)" } ?? "-", t.map { "\($0.packetsLost)" } ?? "-",
                     drops.map(String.init) ?? "-"])
            }
            print(table.text)
        }
    }
}

/// `pac peers`: one row per control connection.
struct Peers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a running PAC's control connections to PNS peers.")
    @OptionGroup var options: AdminOptions

    func run() async throws {
        try await reportingFailures {
            let (peers, data) = try await options.client.fetch([PeerStatus].self, "/v1/peers")
            if options.json { return options.printJSON(data) }
            guard !peers.isEmpty else { return print("no control connections") }
            var table = TextTable(
                ["CONN", "ADDRESS", "ORIGIN", "ESTABLISHED", "HOST NAME", "VENDOR", "CALLS", "VIOLATIONS"],
                numeric: [0, 6, 7])
            for peer in peers {
                table.add(
                    ["\(peer.connection)", peer.address, peer.origin, peer.established ? "yes" : "no",
                     peer.hostName ?? "-", peer.vendorName ?? "-", "\(peer.calls)", "\(peer.violations)"])
            }
            print(table.text)
        }
    }
}
