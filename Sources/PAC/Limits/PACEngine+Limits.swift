import GRETransport
import NIOCore
import PPTPProtocol
import PPTPWire

/// The limits of docs/reliability.md as the engine applies them: on accept, on an
/// Outgoing-Call-Request, and when a connection's stream breaks one.
extension PACEngine {
    var limits: ControlLimits { configuration.limits }

    /// Whether to take a PNS's new TCP connection; logs and counts a refusal.
    func admitsConnection(from channel: any Channel) -> Bool {
        let peer = IPv4Address(channel.remoteAddress)
        let accepted = connections.values.filter { $0.core.origin == .receiver && !$0.core.isClosed }
        let refusal = limitState.admission.admit(
            peer, open: accepted.count, openFromPeer: accepted.count { $0.peer == peer }, limits: limits, now: now)
        guard let refusal else { return true }
        switch refusal {
        case .maximumConnections: limitState.statistics.connectionsRefusedMaximum += 1
        case .maximumConnectionsPerPeer: limitState.statistics.connectionsRefusedPerPeer += 1
        case .connectionRate: limitState.statistics.connectionsRefusedRate += 1
        }
        if let suppressed = limitState.logThrottle.shouldLog("\(refusal)", now: now) {
            let leftOut = suppressed > 0 ? " (\(suppressed) more refused for this since the last line)" : ""
            logger.warning(
                "refused control connection: \(refusal)\(leftOut)", metadata: ["peer": "\(peer.map(\.description) ?? "?")"])
        }
        return false
    }

    /// Whether the peer of `entry` holds more calls than it may, the call just requested
    /// included; logs and counts it.
    func exceedsCallsPerPeer(_ entry: ConnectionEntry, callID: UInt16) -> Bool {
        let held = connections.values.filter { $0.peer == entry.peer }.reduce(0) { $0 + $1.core.callCount }
        guard held > limits.maximumCallsPerPeer else { return false }
        limitState.statistics.callsRefusedPerPeer += 1
        logger.warning(
            "outgoing call \(callID) refused: the peer holds \(held - 1) calls (limits.max-calls-per-peer \(limits.maximumCallsPerPeer))",
            metadata: entry.metadata)
        return true
    }

    /// The connection's stream broke a limit; the guard closes it next.
    func streamLimitExceeded(_ limit: StreamLimit, on id: ConnectionID) {
        switch limit {
        case .noFirstMessage: limitState.statistics.closedNoFirstMessage += 1
        case .incompleteMessage: limitState.statistics.closedIncompleteMessage += 1
        case .messageFlood: limitState.statistics.closedMessageFlood += 1
        }
        logger.warning("closing control connection: \(limit)", metadata: connections[id]?.metadata ?? [:])
    }

    /// RFC 2637 §1.4: the stream lost synchronization and is closed.
    func countLostSynchronization(_ error: ControlMessageDecodingError) {
        if error.losesSynchronization { limitState.statistics.closedLostSynchronization += 1 }
    }

    /// The counters, with the GRE socket's drops.
    public var limitStatistics: LimitStatistics {
        var statistics = limitState.statistics
        if let gre = gre?.statistics {
            statistics.greDroppedMalformed = UInt64(gre.droppedMalformedGRE + gre.droppedMalformedIPHeader)
            statistics.greDroppedUnknownCall = UInt64(gre.droppedUnknownCall)
            statistics.greDroppedWrongPeer = UInt64(gre.droppedWrongPeer)
        }
        return statistics
    }
}

/// The engine's limit bookkeeping.
struct LimitState {
    var admission = PeerAdmission()
    var statistics = LimitStatistics()
    /// Refusals on accept are logged at most once a second per reason; the counters see all.
    var logThrottle = LogThrottle()
}
