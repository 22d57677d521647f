import NIOCore

/// One re-armable timer: the adapter's side of a state machine's `nextDeadline`. Re-arming
/// is free unless the deadline moves earlier, so callers may re-arm after every input.
///
/// A deadline that moves later (the keep-alive's, with every message received) keeps the
/// task already scheduled: it fires early, the owner finds nothing due (the state machine
/// checks its deadlines against `now`) and arms the new deadline then. So a busy connection
/// costs one scheduled task per keep-alive interval, not a cancel and a schedule per message
/// (docs/performance.md).
final class DeadlineTimer {
    private let eventLoop: any EventLoop
    private var scheduled: Scheduled<Void>?
    private var deadline: NIODeadline?

    init(eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    /// Fires `action` on the event loop at `deadline` or earlier; nil cancels.
    func arm(_ deadline: NIODeadline?, _ action: @escaping @Sendable () -> Void) {
        if let deadline, let armed = self.deadline, armed <= deadline { return }
        guard deadline != self.deadline else { return }
        scheduled?.cancel()
        self.deadline = deadline
        scheduled = deadline.map { eventLoop.scheduleTask(deadline: $0, action) }
    }

    /// Call first thing when the timer fires, so the same deadline can be armed again.
    func fired() { deadline = nil }

    func cancel() { arm(nil) {} }
}
