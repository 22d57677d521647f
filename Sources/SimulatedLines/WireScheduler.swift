import NIOCore

/// The one timer of a simulated network on its event loop: while any wire has characters to
/// move it ticks, and each tick advances every busy wire. Idle lines and idle calls cost no
/// timer at all (architecture rule 5).
///
/// A zero tick means no pacing at all: a wire moves what it is given at once, at any rate and
/// with no latency (noise still applies). Benches use it so that the line adds nothing to a
/// data-plane figure (docs/performance.md); nothing then waits for a timer.
final class WireScheduler {
    let eventLoop: any EventLoop
    let tick: TimeAmount
    private var active: [PacedWire] = []
    private var nextTick: Scheduled<Void>?
    /// Ticks run so far: one train of ticks at most, `tick` apart (PacedWireTests).
    private(set) var ticksRun = 0

    init(eventLoop: any EventLoop, tick: TimeAmount) {
        precondition(tick >= .zero, "the scheduler tick must not be negative")
        self.eventLoop = eventLoop
        self.tick = tick
    }

    /// Sends characters on `wire`: unpaced, they may pass straight through to its receiver
    /// (`PacedWire.passStraightThrough`); otherwise they queue and the wire is activated.
    func send(_ characters: UnsafeRawBufferPointer, on wire: PacedWire) {
        if tick == .zero, wire.passStraightThrough(characters) { return }
        wire.enqueue(characters)
        activate(wire)
    }

    /// Puts a wire that was just given characters on the list; pacing starts now. Only `send`
    /// calls it, so characters cannot bypass the unpaced shortcut and overtake what it delivers.
    private func activate(_ wire: PacedWire) {
        guard !wire.isActive, !wire.isClosed else { return }
        guard tick > .zero else { return wire.flush() }
        wire.isActive = true
        wire.lastAdvance = eventLoop.now
        active.append(wire)
        if nextTick == nil { schedule() }
    }

    /// The next tick falls on the loop's grid of `tick` (a multiple of it since the clock's
    /// origin), not `tick` after now: other periodic work on the same grid — the GRE
    /// socket's timer, another process's — then shares the loop's wake-ups instead of adding
    /// its own (docs/performance.md). Pacing is by elapsed time, so a short first tick moves
    /// less.
    private func schedule() {
        let period = UInt64(tick.nanoseconds)
        let next = (eventLoop.now.uptimeNanoseconds / period + 1) * period
        nextTick = eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(next)) { [weak self] in
            self?.runTick()
        }
    }

    private func runTick() {
        nextTick = nil
        ticksRun += 1
        let now = eventLoop.now
        var index = 0
        // Deliveries may activate more wires, which may schedule the next tick already; they
        // join the end of the list and, their time starting now, move nothing before it.
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
        if !active.isEmpty, nextTick == nil { schedule() }
    }
}
