import DequeModule
import NIOCore

/// Deadlines of calls that all wait the same duration, so they arrive in order: the earliest
/// is always at the front, and one timer per connection serves every call (ARCHITECTURE rule
/// 5). Entries are dropped lazily: an entry counts only while the call still holds that
/// deadline.
struct DeadlineQueue: Sendable {
    private var entries: Deque<(deadline: NIODeadline, callID: UInt16)> = []

    mutating func append(_ deadline: NIODeadline, callID: UInt16) {
        entries.append((deadline, callID))
    }

    /// The earliest deadline still held by its call.
    mutating func earliest(isCurrent: (UInt16, NIODeadline) -> Bool) -> NIODeadline? {
        while let first = entries.first, !isCurrent(first.callID, first.deadline) {
            entries.removeFirst()
        }
        return entries.first?.deadline
    }

    /// Removes and returns the calls whose current deadline is at or before `now`.
    mutating func popExpired(now: NIODeadline, isCurrent: (UInt16, NIODeadline) -> Bool) -> [UInt16] {
        var expired: [UInt16] = []
        while let first = entries.first, first.deadline <= now {
            entries.removeFirst()
            if isCurrent(first.callID, first.deadline) { expired.append(first.callID) }
        }
        return expired
    }

    mutating func removeAll() { entries.removeAll() }
}
