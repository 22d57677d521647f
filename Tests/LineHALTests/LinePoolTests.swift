import LineHAL
import Testing

@Suite("Line pool and hunt groups")
struct LinePoolTests {
    /// Lines 1–4 analog, 5–6 digital.
    private func makePool(policy: AllocationPolicy = .firstFree) throws -> LinePool {
        let pool = LinePool()
        for id in 1...4 { try pool.add(FixedLine(id, bearer: .analog)) }
        for id in 5...6 { try pool.add(FixedLine(id, bearer: .digital)) }
        try pool.addGroup(HuntGroup(name: "modems", bearers: [.analog], policy: policy, lines: (1...4).map(LineID.init)))
        try pool.addGroup(HuntGroup(name: "isdn", bearers: [.digital], policy: policy, lines: [LineID(5), LineID(6)]))
        return pool
    }

    private func allocatedIDs(_ pool: LinePool, count: Int, releasing: Bool) throws -> [Int] {
        try (0..<count).map { _ in
            let line = try pool.allocate(number: "5551000", bearers: [.analog])
            if releasing { pool.release(line.id) }
            return line.id.rawValue
        }
    }

    @Test("a removed line leaves the pool and its groups; a line in use cannot be removed")
    func remove() throws {
        let pool = try makePool()
        _ = try pool.claim(LineID(2))
        #expect(throws: LinePoolError.lineNotFree(LineID(2), .inUse)) { try pool.remove(LineID(2)) }
        try pool.remove(LineID(1))
        #expect(pool.line(LineID(1)) == nil)
        #expect(!pool.lines.contains { $0.id == LineID(1) })
        #expect(pool.huntGroups.first { $0.name == "modems" } == HuntGroupStatus(name: "modems", free: 2, inUse: 1, outOfService: 0))
        #expect(try allocatedIDs(pool, count: 1, releasing: false) == [3])
        #expect(throws: LinePoolError.unknownLine(LineID(1))) { try pool.remove(LineID(1)) }
    }

    @Test("setGroup replaces the group of the same name in place, or adds it; removeGroup drops it")
    func setGroup() throws {
        let pool = try makePool()
        try pool.setGroup(HuntGroup(name: "modems", bearers: [.analog], numberPrefixes: ["9"], lines: [LineID(4)]))
        #expect(pool.groupNames == ["modems", "isdn"])
        #expect(throws: LinePoolError.noGroupServes(number: "5551000", bearers: [.analog])) {
            try pool.allocate(number: "5551000", bearers: [.analog])
        }
        #expect(try pool.allocate(number: "9123", bearers: [.analog]).id == LineID(4))
        #expect(throws: LinePoolError.unknownLineInGroup(group: "new", LineID(9))) {
            try pool.setGroup(HuntGroup(name: "new", bearers: [.analog], lines: [LineID(9)]))
        }
        try pool.setGroup(HuntGroup(name: "all", bearers: [.analog], lines: [LineID(1)]))
        pool.removeGroup(named: "modems")
        #expect(pool.groupNames == ["isdn", "all"])
    }

    @Test("first-free always takes the first free line in the group's order")
    func firstFree() throws {
        let pool = try makePool()
        #expect(try allocatedIDs(pool, count: 3, releasing: true) == [1, 1, 1])
        #expect(try allocatedIDs(pool, count: 3, releasing: false) == [1, 2, 3])
    }

    @Test("round-robin moves on after the line picked last")
    func roundRobin() throws {
        let pool = try makePool(policy: .roundRobin)
        #expect(try allocatedIDs(pool, count: 6, releasing: true) == [1, 2, 3, 4, 1, 2])
    }

    @Test("least-used picks the line that carried the fewest calls")
    func leastUsed() throws {
        let pool = try makePool(policy: .leastUsed)
        _ = try pool.claim(LineID(1))
        pool.release(LineID(1))
        _ = try pool.claim(LineID(2))
        pool.release(LineID(2))
        #expect(try allocatedIDs(pool, count: 3, releasing: true) == [3, 4, 1])
    }

    @Test("the bearer decides the group")
    func bearerChoosesGroup() throws {
        let pool = try makePool()
        #expect(try pool.allocate(number: "123", bearers: [.digital]).id == LineID(5))
        #expect(try pool.allocate(number: "123", bearers: [.analog]).id == LineID(1))
    }

    @Test("the longest matching number prefix wins over the catch-all group")
    func prefixChoosesGroup() throws {
        let pool = try makePool()
        try pool.addGroup(HuntGroup(name: "long-distance", bearers: [.analog], numberPrefixes: ["91", "1"], lines: [LineID(4)]))
        #expect(try pool.allocate(number: "9155512", bearers: [.analog]).id == LineID(4))
        #expect(try pool.allocate(number: "9255512", bearers: [.analog]).id == LineID(1))
    }

    @Test("a prefix group that is full falls back to the next matching group")
    func fallsBackWhenPrefixGroupFull() throws {
        let pool = try makePool()
        try pool.addGroup(HuntGroup(name: "long-distance", bearers: [.analog], numberPrefixes: ["9"], lines: [LineID(4)]))
        #expect(try pool.allocate(number: "9", bearers: [.analog]).id == LineID(4))
        #expect(try pool.allocate(number: "9", bearers: [.analog]).id == LineID(1))
    }

    @Test("an exhausted pool names the groups it hunted")
    func exhaustion() throws {
        let pool = try makePool()
        _ = try allocatedIDs(pool, count: 4, releasing: false)
        #expect(throws: LinePoolError.exhausted(groups: ["modems"])) {
            try pool.allocate(number: "1", bearers: [.analog])
        }
        pool.release(LineID(3))
        #expect(try pool.allocate(number: "1", bearers: [.analog]).id == LineID(3))
    }

    @Test("no group serving the number or bearer is its own error")
    func noGroup() throws {
        let pool = LinePool()
        try pool.add(FixedLine(1, bearer: .analog))
        try pool.addGroup(HuntGroup(name: "local", bearers: [.analog], numberPrefixes: ["555"], lines: [LineID(1)]))
        #expect(throws: LinePoolError.noGroupServes(number: "666", bearers: [.analog])) {
            try pool.allocate(number: "666", bearers: [.analog])
        }
        #expect(throws: LinePoolError.noGroupServes(number: "555", bearers: [.digital])) {
            try pool.allocate(number: "555", bearers: [.digital])
        }
    }

    @Test("lines out of service are skipped, and stay out when their call is released")
    func outOfService() throws {
        let pool = try makePool()
        try pool.takeOutOfService(LineID(1), reason: .administrativelyDown)
        let line = try pool.allocate(number: "1", bearers: [.analog])
        #expect(line.id == LineID(2))
        try pool.takeOutOfService(LineID(2), reason: .driverFailure("serial port vanished"))
        pool.release(LineID(2))
        #expect(pool.lines[1].availability == .outOfService(.driverFailure("serial port vanished")))
        #expect(throws: LinePoolError.lineNotFree(LineID(1), .outOfService(.administrativelyDown))) {
            try pool.claim(LineID(1))
        }
        try pool.returnToService(LineID(1))
        #expect(try pool.allocate(number: "1", bearers: [.analog]).id == LineID(1))
    }

    @Test("pool status shows each line and each group")
    func status() throws {
        let pool = try makePool()
        _ = try pool.allocate(number: "1", bearers: [.analog])
        try pool.takeOutOfService(LineID(4), reason: .administrativelyDown)
        #expect(pool.huntGroups == [
            HuntGroupStatus(name: "modems", free: 2, inUse: 1, outOfService: 1),
            HuntGroupStatus(name: "isdn", free: 2, inUse: 0, outOfService: 0),
        ])
        #expect(pool.lines.map(\.callsCarried) == [1, 0, 0, 0, 0, 0])
        #expect(pool.lines.first?.availability == .inUse)
    }

    @Test("configuration mistakes are refused")
    func configurationErrors() throws {
        let pool = try makePool()
        #expect(throws: LinePoolError.duplicateLine(LineID(1))) { try pool.add(FixedLine(1, bearer: .analog)) }
        #expect(throws: LinePoolError.unknownLineInGroup(group: "ghost", LineID(99))) {
            try pool.addGroup(HuntGroup(name: "ghost", bearers: [.analog], lines: [LineID(99)]))
        }
    }
}
