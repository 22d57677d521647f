import GRETransport
import LineHAL
import PPTPProtocol
import PPTPWire

/// Everything `GET /metrics` exports, read on the engine's event loop in one go. Counters are
/// cumulative since start: what ended calls and closed connections did is kept in the
/// engine's totals, so no per-packet path pays for metrics.
public struct EngineMetricsSnapshot: Sendable, Equatable {
    public var statistics: EngineStatistics
    /// Calls in the engine now, by direction (`outgoing`, `incoming`).
    public var activeCalls: [String: Int]
    /// Lines by pool state: `free`, `in_use`, `out_of_service`.
    public var lines: [String: Int]
    public var connectionsEstablished: Int
    public var connectionsSettingUp: Int
    /// Payload packets and octets of every call's tunnel (RFC 2637 §4), and packets the
    /// receive side gave up as lost.
    public var tunnels: TunnelTotals
    /// GRE packets dropped, by reason: the shared socket's (no call, wrong peer, malformed)
    /// and the tunnels' (transmit queue full, frame too large, stale, duplicate).
    public var greDrops: [String: Int]
    /// The WAN-Error-Notify counters (RFC 2637 §2.14) summed over every call's line.
    public var lineErrors: LineStatistics
    /// What the limits refused and closed (docs/reliability.md "Limits").
    public var limits: LimitStatistics
}

/// Tunnel counters summed over calls.
public struct TunnelTotals: Sendable, Equatable {
    public var packetsSent = 0
    public var octetsSent = 0
    public var packetsReceived = 0
    public var octetsReceived = 0
    public var packetsLost = 0
    public var transmitQueueFull = 0
    public var frameTooLarge = 0
    public var stale = 0
    public var duplicate = 0

    mutating func add(_ s: TunnelStatistics) {
        packetsSent += s.packetsSent
        octetsSent += s.octetsSent
        packetsReceived += s.packetsReceived
        octetsReceived += s.octetsReceived
        packetsLost += s.packetsLost
        transmitQueueFull += s.drops.transmitQueueFull
        frameTooLarge += s.drops.frameTooLarge
        stale += s.drops.stale
        duplicate += s.drops.duplicate
    }
}

extension LineStatistics {
    mutating func add(_ s: LineStatistics) {
        crcErrors += s.crcErrors
        framingErrors += s.framingErrors
        hardwareOverruns += s.hardwareOverruns
        bufferOverruns += s.bufferOverruns
        timeouts += s.timeouts
        alignmentErrors += s.alignmentErrors
        octetsSent += s.octetsSent
        octetsReceived += s.octetsReceived
        framesSent += s.framesSent
        framesReceived += s.framesReceived
    }
}

extension PACEngine {
    public func metricsSnapshot() -> EngineMetricsSnapshot {
        var activeCalls = ["outgoing": 0, "incoming": 0]
        var tunnels = endedTunnels
        var lineErrors = endedCallLineErrors
        for record in calls.values {
            activeCalls[record.direction.rawValue, default: 0] += 1
            if let tunnel = record.greKey.flatMap({ gre?.statistics(for: $0) }) { tunnels.add(tunnel) }
            if record.hasConnected { lineErrors.add(record.line.statistics) }
        }
        var lines = ["free": 0, "in_use": 0, "out_of_service": 0]
        for line in pool.lines {
            switch line.availability {
            case .free: lines["free", default: 0] += 1
            case .inUse: lines["in_use", default: 0] += 1
            case .outOfService: lines["out_of_service", default: 0] += 1
            }
        }
        let socket = gre?.statistics ?? GRESocketStatistics()
        let greDrops = [
            "malformed_ip_header": socket.droppedMalformedIPHeader, "not_gre": socket.droppedNotGRE,
            "malformed_gre": socket.droppedMalformedGRE, "unknown_call": socket.droppedUnknownCall,
            "wrong_peer": socket.droppedWrongPeer, "send_refused": socket.datagramsRefused,
            "transmit_queue_full": tunnels.transmitQueueFull,
            "frame_too_large": tunnels.frameTooLarge, "stale": tunnels.stale, "duplicate": tunnels.duplicate,
        ]
        let established = connections.values.filter(\.core.isEstablished).count
        return EngineMetricsSnapshot(
            statistics: statistics, activeCalls: activeCalls, lines: lines, connectionsEstablished: established,
            connectionsSettingUp: connections.count - established, tunnels: tunnels, greDrops: greDrops,
            lineErrors: lineErrors, limits: limitStatistics)
    }

    /// Counts what the PAC tells its peers: call results (RFC 2637 §2.8, §2.11, §2.13) and
    /// WAN-Error-Notify messages (§2.14).
    func count(sent message: ControlMessage) {
        switch message {
        case .outgoingCallReply(let reply):
            statistics.outgoingCallResults[Self.label(reply.resultCode), default: 0] += 1
        case .callDisconnectNotify(let notify):
            statistics.disconnectResults[Self.label(notify.resultCode), default: 0] += 1
        case .wanErrorNotify:
            statistics.wanErrorNotifiesSent += 1
        default:
            break
        }
    }

    /// A result code's RFC name as a metric label: "Time-out" → "time_out".
    static func label(_ code: some PPTPCode) -> String {
        let name = type(of: code).definedNames[code.rawValue] ?? "undefined_\(code.rawValue)"
        return String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
