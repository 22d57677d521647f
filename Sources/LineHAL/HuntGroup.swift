/// How a hunt group picks among its free lines.
public enum AllocationPolicy: String, Sendable, Hashable, CaseIterable {
    /// The first free line in the group's order: keeps the last lines idle for maintenance.
    case firstFree = "first-free"
    /// The next free line after the one picked last: spreads wear and hides a bad line less.
    case roundRobin = "round-robin"
    /// The free line that has carried the fewest calls (ties: the group's order).
    case leastUsed = "least-used"
}

/// A set of lines that serve the same calls: those of some bearers, to numbers with some
/// prefixes. A line may belong to several groups.
public struct HuntGroup: Sendable, Hashable {
    public var name: String
    /// The bearers the group carries.
    public var bearers: Set<Bearer>
    /// Dialed-number prefixes the group serves; empty serves every number. The group with the
    /// longest matching prefix is hunted first, so "9" can beat the catch-all group.
    public var numberPrefixes: [String]
    public var policy: AllocationPolicy
    /// Members in hunting order.
    public var lines: [LineID]

    public init(
        name: String, bearers: Set<Bearer>, numberPrefixes: [String] = [],
        policy: AllocationPolicy = .firstFree, lines: [LineID]
    ) {
        self.name = name
        self.bearers = bearers
        self.numberPrefixes = numberPrefixes
        self.policy = policy
        self.lines = lines
    }

    /// The length of the longest prefix of `number` the group serves, nil if it serves none.
    func matchLength(for number: String) -> Int? {
        if numberPrefixes.isEmpty { return 0 }
        return numberPrefixes.filter { number.hasPrefix($0) }.map(\.count).max()
    }
}
