import HeapModule
import NIOCore

/// Something `CallDeadlines` wakes: it keeps its own earliest queued deadline, so scheduling
/// and waking a call looks nothing up (with thousands of calls a dictionary lookup is a cache
/// miss or two per packet; docs/performance.md).
protocol DeadlineSleeper: AnyObject {
    /// The earliest deadline queued for it; only `CallDeadlines` sets it.
    var queuedDeadline: NIODeadline? { get set }
}

/// The deadlines of every call on one event loop, so one scheduled task per loop serves them
/// all (ARCHITECTURE rule 5: no timer object per call or per packet).
///
/// A min-heap of (deadline, call) entries. A call's entry is pushed only when its deadline is
/// earlier than the one it already has queued, so the common case — an acknowledgment delay
/// pushed back by each packet — costs no heap operation. A call whose deadline moved later
/// is woken at the old time, finds nothing to do, and queues its new deadline then. A closed
/// call's entries stay until they come due (the owner skips it), holding it that long.
struct CallDeadlines<Sleeper: DeadlineSleeper> {
    private struct Entry: Comparable {
        var deadline: NIODeadline
        var sleeper: Sleeper
        static func < (lhs: Entry, rhs: Entry) -> Bool { lhs.deadline < rhs.deadline }
        static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.deadline == rhs.deadline && lhs.sleeper === rhs.sleeper }
    }

    private var heap = Heap<Entry>()

    /// The earliest deadline of any call.
    var earliest: NIODeadline? { heap.min?.deadline }

    /// Records that `sleeper` must be woken at `deadline` (nil: it needs no wake-up).
    mutating func schedule(_ sleeper: Sleeper, at deadline: NIODeadline?) {
        guard let deadline else { return }
        if let current = sleeper.queuedDeadline, current <= deadline { return }
        sleeper.queuedDeadline = deadline
        heap.insert(Entry(deadline: deadline, sleeper: sleeper))
    }

    /// Removes and returns one call whose deadline is due at `now`, or nil.
    mutating func popDue(now: NIODeadline) -> Sleeper? {
        guard let entry = heap.min, entry.deadline <= now else { return nil }
        heap.removeMin()
        if entry.sleeper.queuedDeadline == entry.deadline { entry.sleeper.queuedDeadline = nil }
        return entry.sleeper
    }
}
