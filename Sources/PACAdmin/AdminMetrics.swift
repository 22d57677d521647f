import CoreMetrics
import PAC
import Prometheus

/// `GET /metrics`: on each scrape, reads the engine's counters in one snapshot, brings the
/// swift-metrics counters and gauges up to date, and renders the Prometheus registry as text.
/// The engine keeps plain counters, so calls and packets never wait on metrics.
public actor AdminMetrics {
    private let registry: PrometheusCollectorRegistry
    private let factory: any MetricsFactory
    private var counters: [Key: (counter: CoreMetrics.Counter, value: Int64)] = [:]
    private var gauges: [Key: CoreMetrics.Gauge] = [:]

    private struct Key: Hashable {
        var name: String
        var labels: [String]
    }

    /// - Parameters:
    ///   - registry: what the page renders; `factory` must create its metrics in it.
    ///   - factory: the bootstrapped `MetricsSystem.factory` in `pac serve`; tests pass their own.
    public init(registry: PrometheusCollectorRegistry, factory: any MetricsFactory) {
        self.registry = registry
        self.factory = factory
    }

    func scrape(_ admin: AdminService) async throws -> String {
        update(from: try await admin.metricsSnapshot())
        return registry.emitToString()
    }

    private func update(from s: EngineMetricsSnapshot) {
        let statistics = s.statistics
        for (result, count) in statistics.outgoingCallResults {
            total(MetricName.calls, ["direction": "outgoing", "result": result], count)
        }
        total(MetricName.calls, ["direction": "incoming", "result": "connected"], statistics.incomingCallsConnected)
        total(MetricName.calls, ["direction": "incoming", "result": "rejected"], statistics.incomingCallsRejected)
        for (result, count) in statistics.disconnectResults {
            total(MetricName.callDisconnects, ["result": result], count)
        }
        for (direction, count) in s.activeCalls { level(MetricName.activeCalls, ["direction": direction], count) }
        for (state, count) in s.lines { level(MetricName.lines, ["state": state], count) }
        level(MetricName.controlConnections, ["state": "established"], s.connectionsEstablished)
        level(MetricName.controlConnections, ["state": "setting_up"], s.connectionsSettingUp)
        total(MetricName.controlConnectionsOpened, ["result": "accepted"], statistics.connectionsAccepted)
        total(MetricName.controlConnectionsOpened, ["result": "refused"], statistics.connectionsRefused)
        total(MetricName.protocolViolations, [:], statistics.violations)
        total(MetricName.keepAliveFailures, [:], statistics.keepAliveFailures)
        total(MetricName.wanErrorNotifies, [:], statistics.wanErrorNotifiesSent)
        let tunnels = s.tunnels
        total(MetricName.grePackets, ["direction": "sent"], tunnels.packetsSent)
        total(MetricName.grePackets, ["direction": "received"], tunnels.packetsReceived)
        total(MetricName.greOctets, ["direction": "sent"], tunnels.octetsSent)
        total(MetricName.greOctets, ["direction": "received"], tunnels.octetsReceived)
        total(MetricName.grePacketsLost, [:], tunnels.packetsLost)
        for (reason, count) in s.greDrops { total(MetricName.greDrops, ["reason": reason], count) }
        let errors = s.lineErrors
        let lineErrors: [(String, UInt64)] = [
            ("crc", errors.crcErrors), ("framing", errors.framingErrors), ("hardware_overrun", errors.hardwareOverruns),
            ("buffer_overrun", errors.bufferOverruns), ("timeout", errors.timeouts), ("alignment", errors.alignmentErrors),
        ]
        for (counter, count) in lineErrors { total(MetricName.lineErrors, ["counter": counter], count) }
        let limits = s.limits
        let limitEvents: [(String, UInt64)] = [
            ("connections_refused_maximum", limits.connectionsRefusedMaximum),
            ("connections_refused_per_peer", limits.connectionsRefusedPerPeer),
            ("connections_refused_rate", limits.connectionsRefusedRate),
            ("calls_refused_per_peer", limits.callsRefusedPerPeer),
            ("closed_no_first_message", limits.closedNoFirstMessage),
            ("closed_incomplete_message", limits.closedIncompleteMessage),
            ("closed_message_flood", limits.closedMessageFlood),
            ("closed_lost_synchronization", limits.closedLostSynchronization),
        ]
        for (limit, count) in limitEvents { total(MetricName.limitEvents, ["limit": limit], count) }
    }

    /// Moves a swift-metrics counter up to the engine's cumulative `value`.
    private func total(_ name: String, _ labels: [String: String], _ value: some BinaryInteger) {
        let key = Key(name: name, labels: labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        let value = Int64(clamping: value)
        let entry = counters[key] ?? (CoreMetrics.Counter(label: name, dimensions: dimensions(labels), factory: factory), 0)
        if value > entry.value { entry.counter.increment(by: value - entry.value) }
        counters[key] = (entry.counter, max(value, entry.value))
    }

    private func level(_ name: String, _ labels: [String: String], _ value: Int) {
        let key = Key(name: name, labels: labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        let gauge = gauges[key] ?? CoreMetrics.Gauge(label: name, dimensions: dimensions(labels), factory: factory)
        gauges[key] = gauge
        gauge.record(value)
    }

    private func dimensions(_ labels: [String: String]) -> [(String, String)] {
        labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
