import LineHAL
import NIOCore
import PAC
import PACAdminClient
import SimulatedLines

/// The admin API's impairments (PACAdminClient) as the simulator's.
extension ImpairmentSettings {
    /// The simulator's impairments, or why these settings cannot be applied.
    func impairments(now: NIODeadline) throws(AdminError) -> Impairments {
        func probability(_ value: Double?, _ name: String) throws(AdminError) -> Double {
            guard let value else { return 0 }
            guard (0...1).contains(value) else { throw .refused("\(name) \(value) is not a probability (0…1)") }
            return value
        }
        func duration(_ value: Double?, _ name: String, unit: Double) throws(AdminError) -> TimeAmount? {
            guard let value else { return nil }
            guard value >= 0, value.isFinite else { throw .refused("\(name) \(value) must be zero or more") }
            return .nanoseconds(Int64(value * unit))
        }
        return Impairments(
            bitErrorRate: try probability(bitErrorRate, "bitErrorRate"),
            latency: try duration(latencyMilliseconds, "latencyMilliseconds", unit: 1e6) ?? .zero,
            hardwareOverrunRate: try probability(hardwareOverrunRate, "hardwareOverrunRate"),
            carrierLoss: try duration(dropCarrierAfterSeconds, "dropCarrierAfterSeconds", unit: 1e9).map { now + $0 })
    }

    init(_ impairments: Impairments, now: NIODeadline) {
        func nonZero(_ value: Double) -> Double? { value == 0 ? nil : value }
        self.init(
            bitErrorRate: nonZero(impairments.bitErrorRate),
            latencyMilliseconds: nonZero(Double(impairments.latency.nanoseconds) / 1e6),
            dropCarrierAfterSeconds: impairments.carrierLoss.map { max(0, Double(($0 - now).nanoseconds) / 1e9) },
            hardwareOverrunRate: nonZero(impairments.hardwareOverrunRate))
    }
}

extension SimulatedWorld {
    func simulatedLine(_ id: Int) throws(AdminError) -> SimulatedLine {
        if let line = lines.first(where: { $0.id.rawValue == id }) { return line }
        guard pool.line(LineID(id)) != nil else { throw AdminError.unknownLine(id) }
        throw AdminError.refused("line \(id) is not a simulated line")
    }

    /// Rings a line with an incoming call from subscriber `caller`.
    func ring(line id: Int, from caller: String, to dialed: String) throws(AdminError) {
        let line = try simulatedLine(id)
        do { try network.ring(line, from: caller, dialed: dialed) } catch { throw .refused("\(error)") }
    }

    /// Sets a line's impairments (nil clears them) and returns those in force.
    func impair(line id: Int, _ settings: ImpairmentSettings?) throws(AdminError) -> ImpairmentSettings {
        let line = try simulatedLine(id)
        let now = line.eventLoop.now
        if let settings { line.impairments = try settings.impairments(now: now) } else { line.impairments = .none }
        return ImpairmentSettings(line.impairments, now: now)
    }

    /// The impaired simulated lines, keyed by line ID (as text: JSON object keys).
    func impairedLines() -> [String: ImpairmentSettings] {
        var impaired: [String: ImpairmentSettings] = [:]
        for line in lines where line.impairments != .none {
            impaired[String(line.id.rawValue)] = ImpairmentSettings(line.impairments, now: line.eventLoop.now)
        }
        return impaired
    }

    func impairments(line id: Int) throws(AdminError) -> ImpairmentSettings {
        let line = try simulatedLine(id)
        return ImpairmentSettings(line.impairments, now: line.eventLoop.now)
    }
}
