import DequeModule
import NIOCore

/// Hands out Call IDs and call serial numbers for every control connection of one PAC or PNS.
///
/// RFC 2637 §3.2.2 requires a Call ID to be unique on its tunnel; we keep it unique across all
/// tunnels, so a GRE packet's Call ID alone finds its call, and we do not reuse an ID soon
/// after release, so a late packet or message of an old call cannot land in a new one: IDs
/// are taken in rising order (reuse only after the whole range has wrapped) and a released
/// ID stays unusable for `reuseDelay`. The default of 2 s outlasts any GRE packet still in
/// flight (messages are on TCP, in order) yet lets a PAC churn 32,000 calls a second
/// sustained; 60 s, as first chosen, capped it at 1,092 (docs/performance.md).
public struct CallIdentifiers: Sendable {
    /// Call IDs handed out. 0 is left out: several peers treat it as "no call".
    public let range: ClosedRange<UInt16>
    public let reuseDelay: TimeAmount

    private var cursor: UInt16
    private var inUse: BitSet
    private var resting: BitSet
    private var restingUntil: Deque<(id: UInt16, until: NIODeadline)> = []
    private var nextSerialNumber: UInt16 = 1
    public private(set) var inUseCount = 0

    public init(range: ClosedRange<UInt16> = 1...UInt16.max, reuseDelay: TimeAmount = .seconds(2)) {
        self.range = range
        self.reuseDelay = reuseDelay
        self.cursor = range.lowerBound
        self.inUse = BitSet()
        self.resting = BitSet()
    }

    /// A free Call ID, or nil when every ID of the range is in use or resting.
    public mutating func allocate(now: NIODeadline) -> UInt16? {
        while let first = restingUntil.first, first.until <= now {
            resting.remove(first.id)
            restingUntil.removeFirst()
        }
        let count = Int(range.upperBound) - Int(range.lowerBound) + 1
        for _ in 0..<count {
            let candidate = cursor
            cursor = candidate == range.upperBound ? range.lowerBound : candidate + 1
            if !inUse.contains(candidate), !resting.contains(candidate) {
                inUse.insert(candidate)
                inUseCount += 1
                return candidate
            }
        }
        return nil
    }

    /// Returns a Call ID; it rests for `reuseDelay` before it can be handed out again.
    public mutating func release(_ id: UInt16, now: NIODeadline) {
        guard inUse.contains(id) else { return }
        inUse.remove(id)
        inUseCount -= 1
        resting.insert(id)
        restingUntil.append((id, now + reuseDelay))
    }

    public func isInUse(_ id: UInt16) -> Bool { inUse.contains(id) }

    /// The next call serial number (RFC 2637 §2.7, §2.9): logged by both peers to identify
    /// the session; wraps after 65535.
    public mutating func serialNumber() -> UInt16 {
        defer { nextSerialNumber &+= 1 }
        return nextSerialNumber
    }
}

/// 65,536 bits in 8 KiB: membership for every UInt16 without hashing.
struct BitSet: Sendable {
    private var words = [UInt64](repeating: 0, count: 1024)

    func contains(_ value: UInt16) -> Bool { words[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0 }
    mutating func insert(_ value: UInt16) { words[Int(value >> 6)] |= 1 << UInt64(value & 63) }
    mutating func remove(_ value: UInt16) { words[Int(value >> 6)] &= ~(1 << UInt64(value & 63)) }
}
