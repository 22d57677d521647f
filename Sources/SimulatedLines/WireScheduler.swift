import NIOCore

/// The one timer of a simulated network on its event loop: while any wire has characters to
/// move it ticks, and each tick advances every busy wire. Idle lines and idle calls cost no
/// timer at all (architecture rule 5).
final class WireScheduler {
    let eventLoop: any EventLoop
    let tick: TimeAmount
    private var active: [PacedWire] = []
    private var nextTick: Scheduled<Void>?

    init(eventLoop: any EventLoop, tick: TimeAmount) {
        precondition(tick > .zero, "the scheduler tick must be positive")
        self.eventLoop = eventLoop
        self.tick = tick
    }

    /// Puts a wire that was just given characters on the list; pacing starts now.
    func activate(_ wire: PacedWire) {
        guard !wire.isActive, !wire.isClosed else { return }
        wire.isActive = true
        wire.lastAdvance = eventLoop.now
        active.append(wire)
        if nextTick == nil { schedule() }
    }

    private func schedule() {
        nextTick = eventLoop.assumeIsolated().scheduleTask(in: tick) { [weak self] in
            self?.runTick()
        }
    }

    private func runTick() {
        nextTick = nil
        let now = eventLoop.now
        var index = 0
        // Deliveries may activate more wires; they join the end of the list and wait a tick.
        while index < active.count {
            let wire = active[index]
            if wire.advance(to: now) {
                index += 1
            } else {
                wire.isActive = false
                active.swapAt(index, active.count - 1)
                active.removeLast()
            }
        }
        if !active.isEmpty { schedule() }
    }
}
