import GRETransport
import LineHAL
import NIOCore
import PPTPProtocol

/// What the engine shows an operator (admin API, status page): plain values, taken on the
/// engine's event loop.
public struct EngineStatus: Codable, Sendable, Equatable {
    public var controlConnections: Int
    public var establishedConnections: Int
    public var calls: Int
    public var lines: [String: Int]
    public var statistics: EngineStatistics
    /// What the limits refused, closed and dropped (docs/reliability.md).
    public var limits: LimitStatistics
}

public struct LineStatus: Codable, Sendable, Equatable {
    public var id: Int
    public var bearer: String
    public var framing: String
    public var channel: Int
    public var availability: String
    public var callState: String
    public var callID: UInt16?
    /// The ACCMs in force, as Set-Link-Info last set them (hex).
    public var sendACCM: String
    public var receiveACCM: String
    public var callsCarried: Int
    public var statistics: LineStatistics
}

public struct CallStatus: Codable, Sendable, Equatable {
    public var callID: UInt16
    public var peerCallID: UInt16?
    public var line: Int
    public var direction: String
    public var phase: String
    public var connection: Int
    public var peer: String
    public var secondsUp: Double
    /// The call's GRE tunnel (RFC 2637 §4), once it carries data.
    public var tunnel: TunnelStatus?
}

/// A call's tunnel counters and the window and time-out in force.
public struct TunnelStatus: Codable, Sendable, Equatable {
    public var packetsSent: Int
    public var octetsSent: Int
    public var packetsReceived: Int
    public var octetsReceived: Int
    public var framesDelivered: Int
    public var packetsLost: Int
    public var dropsTransmitQueueFull: Int
    public var dropsFrameTooLarge: Int
    public var dropsStale: Int
    public var dropsDuplicate: Int
    public var acknowledgmentsSent: Int
    public var acknowledgmentsReceived: Int
    public var timeouts: Int
    public var transmitWindow: Int
    public var acknowledgmentTimeoutMilliseconds: Double
    public var roundTripMilliseconds: Double

    init(_ s: TunnelStatistics) {
        packetsSent = s.packetsSent
        octetsSent = s.octetsSent
        packetsReceived = s.packetsReceived
        octetsReceived = s.octetsReceived
        framesDelivered = s.framesDelivered
        packetsLost = s.packetsLost
        dropsTransmitQueueFull = s.drops.transmitQueueFull
        dropsFrameTooLarge = s.drops.frameTooLarge
        dropsStale = s.drops.stale
        dropsDuplicate = s.drops.duplicate
        acknowledgmentsSent = s.acknowledgmentsSent
        acknowledgmentsReceived = s.acknowledgmentsReceived
        timeouts = s.timeouts
        transmitWindow = s.transmitWindow
        acknowledgmentTimeoutMilliseconds = Double(s.acknowledgmentTimeout.nanoseconds) / 1e6
        roundTripMilliseconds = Double(s.roundTripTime.nanoseconds) / 1e6
    }
}

public struct PeerStatus: Codable, Sendable, Equatable {
    public var connection: Int
    public var address: String
    public var origin: String
    public var established: Bool
    public var hostName: String?
    public var vendorName: String?
    public var calls: Int
    public var violations: UInt64
}

/// Why an operator's request could not be carried out.
public enum AdminError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownLine(Int)
    case unknownCall(UInt16)
    case refused(String)

    public var description: String {
        switch self {
        case .unknownLine(let id): "no line \(id)"
        case .unknownCall(let id): "no call \(id)"
        case .refused(let why): why
        }
    }
}

extension PACEngine {
    public func status() -> EngineStatus {
        var lines: [String: Int] = [:]
        for line in pool.lines { lines[Self.name(line.availability), default: 0] += 1 }
        return EngineStatus(
            controlConnections: connections.count,
            establishedConnections: connections.values.filter(\.core.isEstablished).count, calls: calls.count,
            lines: lines, statistics: statistics, limits: limitStatistics)
    }

    public func lineStatuses() -> [LineStatus] {
        pool.lines.compactMap { status in
            guard let line = pool.line(status.id) else { return nil }
            return LineStatus(
                id: status.id.rawValue, bearer: status.capabilities.bearer.rawValue,
                framing: status.capabilities.framing.rawValue, channel: status.capabilities.channel,
                availability: Self.name(status.availability), callState: Self.name(line.callState),
                callID: callsByLine[status.id], sendACCM: "0x" + String(line.accm.send, radix: 16, uppercase: true),
                receiveACCM: "0x" + String(line.accm.receive, radix: 16, uppercase: true),
                callsCarried: status.callsCarried, statistics: line.statistics)
        }
    }

    public func callStatuses() -> [CallStatus] {
        calls.values.sorted { $0.callID < $1.callID }.map { record in
            CallStatus(
                callID: record.callID, peerCallID: record.connection.core.peerCallID(of: record.callID),
                line: record.line.id.rawValue, direction: record.direction.rawValue, phase: "\(record.phase)",
                connection: record.connection.id.rawValue, peer: record.connection.peer?.description ?? "?",
                secondsUp: Double((now - record.startedAt).nanoseconds) / 1e9,
                tunnel: record.greKey.flatMap { gre?.statistics(for: $0) }.map(TunnelStatus.init))
        }
    }

    public func peerStatuses() -> [PeerStatus] {
        connections.values.sorted { $0.id < $1.id }.map { entry in
            PeerStatus(
                connection: entry.id.rawValue, address: entry.peer?.description ?? "?", origin: "\(entry.core.origin)",
                established: entry.core.isEstablished, hostName: entry.core.peer?.hostName,
                vendorName: entry.core.peer?.vendorName, calls: entry.core.callCount,
                violations: entry.core.statistics.totalViolations)
        }
    }

    /// Hangs a call's line up as an operator would: the PNS gets Call-Disconnect-Notify.
    public func hangUp(callID: UInt16) throws(AdminError) {
        guard let record = calls[callID] else { throw .unknownCall(callID) }
        record.line.hangUp(cause: .normalClearing)
    }

    /// Takes a line out of service (a call on it is hung up) or puts it back.
    public func setLine(_ id: Int, inService: Bool) throws(AdminError) {
        let lineID = LineID(id)
        guard let line = pool.line(lineID) else { throw .unknownLine(id) }
        if inService {
            try? pool.returnToService(lineID)
        } else {
            line.hangUp(cause: .normalClearing)
            try? pool.takeOutOfService(lineID, reason: .administrativelyDown)
        }
    }

    static func name(_ availability: LineAvailability) -> String {
        switch availability {
        case .free: "free"
        case .inUse: "in use"
        case .outOfService(let reason): "out of service (\(reason))"
        }
    }

    static func name(_ state: LineCallState) -> String {
        switch state {
        case .idle: "idle"
        case .dialing(let request): "dialing \(request.number)"
        case .ringing(let call): "ringing from \(call.callerNumber)"
        case .connecting: "connecting"
        case .connected(let transmit, let receive): "connected \(transmit)/\(receive)"
        case .failed: "failed"
        }
    }
}
