/// Why a line takes no calls.
public enum OutOfServiceReason: Sendable, Hashable, CustomStringConvertible {
    /// The driver reported its hardware gone (`LineEvent.hardwareFailure`).
    case driverFailure(String)
    /// An operator took the line down.
    case administrativelyDown
    public var description: String {
        switch self {
        case .driverFailure(let why): "driver failure: \(why)"
        case .administrativelyDown: "administratively down"
        }
    }
}

/// Whether the pool can hand a line out.
public enum LineAvailability: Sendable, Hashable {
    case free
    case inUse
    case outOfService(OutOfServiceReason)
}

/// One line as the pool's status shows it.
public struct PooledLineStatus: Sendable, Hashable {
    public var id: LineID
    public var capabilities: LineCapabilities
    public var availability: LineAvailability
    /// Calls the pool has handed this line for (the least-used policy's measure).
    public var callsCarried: Int
}

/// One hunt group as the pool's status shows it.
public struct HuntGroupStatus: Sendable, Hashable {
    public var name: String
    public var free: Int
    public var inUse: Int
    public var outOfService: Int

    public init(name: String, free: Int, inUse: Int, outOfService: Int) {
        self.name = name
        self.free = free
        self.inUse = inUse
        self.outOfService = outOfService
    }
}

public enum LinePoolError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateLine(LineID)
    case unknownLine(LineID)
    case unknownLineInGroup(group: String, LineID)
    /// No hunt group serves this number with any of these bearers.
    case noGroupServes(number: String, bearers: Set<Bearer>)
    /// Groups serve the number, but every line in them is in use or out of service.
    case exhausted(groups: [String])
    case lineNotFree(LineID, LineAvailability)

    public var description: String {
        switch self {
        case .duplicateLine(let id): "\(id) is already in the pool"
        case .unknownLine(let id): "\(id) is not in the pool"
        case .unknownLineInGroup(let group, let id): "hunt group \(group) names \(id), which is not in the pool"
        case .noGroupServes(let number, let bearers):
            "no hunt group serves number \"\(number)\" with bearer \(bearers.map(\.rawValue).sorted().joined(separator: " or "))"
        case .exhausted(let groups): "no free line in hunt group \(groups.joined(separator: ", "))"
        case .lineNotFree(let id, let availability): "\(id) is not free: \(availability)"
        }
    }
}

/// The lines a PAC owns, grouped for hunting. Not `Sendable`: the engine keeps it on its own
/// event loop; the pool only hands lines out and records their availability.
public final class LinePool {
    private struct Member {
        let line: any Line
        var availability: LineAvailability = .free
        var callsCarried = 0
    }

    private var members: [LineID: Member] = [:]
    private var order: [LineID] = []
    private var groups: [HuntGroup] = []
    /// Round-robin cursors: the index in the group's `lines` picked last.
    private var lastPicked: [String: Int] = [:]

    public init() {}

    public func add(_ line: any Line) throws(LinePoolError) {
        guard members[line.id] == nil else { throw .duplicateLine(line.id) }
        members[line.id] = Member(line: line)
        order.append(line.id)
    }

    public func addGroup(_ group: HuntGroup) throws(LinePoolError) {
        for id in group.lines where members[id] == nil { throw .unknownLineInGroup(group: group.name, id) }
        groups.append(group)
    }

    public func line(_ id: LineID) -> (any Line)? { members[id]?.line }

    // MARK: Changing the pool while it runs (a configuration reload)

    /// Takes a line out of the pool and out of every hunt group; its call must be over.
    public func remove(_ id: LineID) throws(LinePoolError) {
        guard let member = members[id] else { throw .unknownLine(id) }
        guard member.availability != .inUse else { throw .lineNotFree(id, member.availability) }
        members[id] = nil
        order.removeAll { $0 == id }
        for index in groups.indices { groups[index].lines.removeAll { $0 == id } }
    }

    /// Adds the group, or replaces the group of the same name (its members, prefixes, policy).
    public func setGroup(_ group: HuntGroup) throws(LinePoolError) {
        for id in group.lines where members[id] == nil { throw .unknownLineInGroup(group: group.name, id) }
        if let index = groups.firstIndex(where: { $0.name == group.name }) {
            groups[index] = group
            lastPicked[group.name] = nil
        } else {
            groups.append(group)
        }
    }

    public func removeGroup(named name: String) {
        groups.removeAll { $0.name == name }
        lastPicked[name] = nil
    }

    public var groupNames: [String] { groups.map(\.name) }

    // MARK: Handing lines out

    /// Picks a free line for an outgoing call: among groups serving `number` with one of
    /// `bearers`, longest prefix first, then in the order the groups were added.
    public func allocate(number: String, bearers: Set<Bearer>) throws(LinePoolError) -> any Line {
        let candidates = groups.enumerated()
            .compactMap { index, group -> (index: Int, length: Int)? in
                guard !group.bearers.isDisjoint(with: bearers), let length = group.matchLength(for: number) else {
                    return nil
                }
                return (index, length)
            }
            .sorted { ($0.length, -$0.index) > ($1.length, -$1.index) }
        guard !candidates.isEmpty else { throw .noGroupServes(number: number, bearers: bearers) }
        for candidate in candidates {
            if let id = pick(in: groups[candidate.index], bearers: bearers) {
                return take(id)
            }
        }
        throw .exhausted(groups: candidates.map { groups[$0.index].name })
    }

    /// Marks a line that rang with an incoming call as in use.
    public func claim(_ id: LineID) throws(LinePoolError) -> any Line {
        guard let member = members[id] else { throw .unknownLine(id) }
        guard member.availability == .free else { throw .lineNotFree(id, member.availability) }
        return take(id)
    }

    /// Gives a line back after its call cleared. A line taken out of service meanwhile stays out.
    public func release(_ id: LineID) {
        guard members[id]?.availability == .inUse else { return }
        members[id]?.availability = .free
    }

    // MARK: Service state

    public func takeOutOfService(_ id: LineID, reason: OutOfServiceReason) throws(LinePoolError) {
        guard members[id] != nil else { throw .unknownLine(id) }
        members[id]?.availability = .outOfService(reason)
    }

    public func returnToService(_ id: LineID) throws(LinePoolError) {
        guard let member = members[id] else { throw .unknownLine(id) }
        if case .outOfService = member.availability { members[id]?.availability = .free }
    }

    // MARK: Status

    public var lines: [PooledLineStatus] {
        order.map { id in
            let member = members[id]!
            return PooledLineStatus(
                id: id, capabilities: member.line.capabilities,
                availability: member.availability, callsCarried: member.callsCarried)
        }
    }

    public var huntGroups: [HuntGroupStatus] {
        groups.map { group in
            var status = HuntGroupStatus(name: group.name, free: 0, inUse: 0, outOfService: 0)
            for id in group.lines {
                switch members[id]!.availability {
                case .free: status.free += 1
                case .inUse: status.inUse += 1
                case .outOfService: status.outOfService += 1
                }
            }
            return status
        }
    }

    // MARK: Private

    private func take(_ id: LineID) -> any Line {
        members[id]!.availability = .inUse
        members[id]!.callsCarried += 1
        return members[id]!.line
    }

    private func isEligible(_ id: LineID, bearers: Set<Bearer>) -> Bool {
        guard let member = members[id], member.availability == .free else { return false }
        return bearers.contains(member.line.capabilities.bearer)
    }

    private func pick(in group: HuntGroup, bearers: Set<Bearer>) -> LineID? {
        let lines = group.lines
        switch group.policy {
        case .firstFree:
            return lines.first { isEligible($0, bearers: bearers) }
        case .roundRobin:
            guard !lines.isEmpty else { return nil }
            let start = (lastPicked[group.name] ?? -1) + 1
            for step in 0..<lines.count {
                let index = (start + step) % lines.count
                if isEligible(lines[index], bearers: bearers) {
                    lastPicked[group.name] = index
                    return lines[index]
                }
            }
            return nil
        case .leastUsed:
            return lines.filter { isEligible($0, bearers: bearers) }
                .min { members[$0]!.callsCarried < members[$1]!.callsCarried }
        }
    }
}
