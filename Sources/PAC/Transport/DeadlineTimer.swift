import NIOCore

/// One re-armable timer: the adapter's side of a state machine's `nextDeadline`. Arming the
/// same deadline again is free, so callers may re-arm after every input.
final class DeadlineTimer {
    private let eventLoop: any EventLoop
    private var scheduled: Scheduled<Void>?
    private var deadline: NIODeadline?

    init(eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    /// Fires `action` on the event loop at `deadline`; nil cancels.
    func arm(_ deadline: NIODeadline?, _ action: @escaping @Sendable () -> Void) {
        guard deadline != self.deadline else { return }
        scheduled?.cancel()
        self.deadline = deadline
        scheduled = deadline.map { eventLoop.scheduleTask(deadline: $0, action) }
    }

    /// Call first thing when the timer fires, so the same deadline can be armed again.
    func fired() { deadline = nil }

    func cancel() { arm(nil) {} }
}
