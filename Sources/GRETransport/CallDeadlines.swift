import HeapModule
import NIOCore

/// The deadlines of every call on one event loop, so one scheduled task per loop serves them
/// all (ARCHITECTURE rule 5: no timer object per call or per packet).
///
/// A min-heap of (deadline, call) entries. A call's entry is pushed only when its deadline is
/// earlier than the one it already has queued, so the common case — an acknowledgment delay
/// pushed back by each packet — costs no heap operation. A call whose deadline moved later
/// is woken at the old time, finds nothing to do, and queues its new deadline then.
struct CallDeadlines {
    private struct Entry: Comparable {
        var deadline: NIODeadline
        var key: GRECallKey
        static func < (lhs: Entry, rhs: Entry) -> Bool { lhs.deadline < rhs.deadline }
        static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.deadline == rhs.deadline && lhs.key == rhs.key }
    }

    private var heap = Heap<Entry>()
    /// The earliest deadline queued for each call.
    private var queued: [GRECallKey: NIODeadline] = [:]

    /// The earliest deadline of any call.
    var earliest: NIODeadline? { heap.min?.deadline }

    /// Records that `key` must be woken at `deadline` (nil: it needs no wake-up).
    mutating func schedule(_ key: GRECallKey, at deadline: NIODeadline?) {
        guard let deadline else { return }
        if let current = queued[key], current <= deadline { return }
        queued[key] = deadline
        heap.insert(Entry(deadline: deadline, key: key))
    }

    /// Removes and returns one call whose deadline is due at `now`, or nil.
    mutating func popDue(now: NIODeadline) -> GRECallKey? {
        guard let entry = heap.min, entry.deadline <= now else { return nil }
        heap.removeMin()
        if queued[entry.key] == entry.deadline { queued[entry.key] = nil }
        return entry.key
    }

    /// Forgets a closed call; its heap entries are skipped when they come due.
    mutating func remove(_ key: GRECallKey) {
        queued[key] = nil
    }
}
