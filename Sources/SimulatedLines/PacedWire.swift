import DequeModule
import NIOCore

/// One direction of a simulated call: characters go in at once and come out at the line rate,
/// after the configured latency, garbled by the configured noise.
///
/// Pacing keeps its credit in bit-nanoseconds, so over any stretch the wire carries exactly
/// `bitsPerSecond / bitsPerCharacter` characters a second, whatever the tick.
final class PacedWire {
    let bitsPerSecond: Int
    /// 10 on async lines (start + 8 data + stop bits), 8 on sync lines.
    let bitsPerCharacter: Int
    /// Set on the receive direction of the PAC's line: its UART is the one that overruns.
    private let appliesOverruns: Bool
    // `@exclusivity(unchecked)`: every frame makes several accesses to each of these, and the
    // runtime's check of each costs more than the work (docs/performance.md). Each access is
    // a single statement or a call that cannot reach the wire again, except `deliver`, which
    // runs inside a read of `scratch`: what it can do to this wire (an echo or a reply sent
    // back on it) is append to `queued`, and `WireScheduler.send` then finds the wire already
    // active (paced) or `isDelivering` set (unpaced), so `scratch` is not written meanwhile.
    @exclusivity(unchecked) private var noise: WireNoise
    private var latency: TimeAmount = .zero

    @exclusivity(unchecked) private var queued = ByteFIFO()
    @exclusivity(unchecked) private var inFlight: Deque<(due: NIODeadline, characters: [UInt8])> = []
    private var creditBitNanoseconds: Int64 = 0
    @exclusivity(unchecked) private var scratch: [UInt8] = []

    /// Where the characters arrive; set by the circuit.
    var deliver: (UnsafeRawBufferPointer) -> Void = { _ in }
    /// Called with the number of characters the receiver lost to overruns.
    var onOverrun: (Int) -> Void = { _ in }

    /// Scheduler bookkeeping: whether the wire is in its active list, and when it last moved.
    var isActive = false
    var lastAdvance = NIODeadline.uptimeNanoseconds(0)
    private(set) var isClosed = false
    /// Set while an unpaced wire hands characters over (`flush`, `passStraightThrough`):
    /// nothing else is delivered on it meanwhile, and the characters may be the sender's own
    /// buffer.
    private(set) var isDelivering = false

    init(bitsPerSecond: Int, bitsPerCharacter: Int, appliesOverruns: Bool, random: SeededRandom) {
        self.bitsPerSecond = bitsPerSecond
        self.bitsPerCharacter = bitsPerCharacter
        self.appliesOverruns = appliesOverruns
        self.noise = WireNoise(random: random)
    }

    func configure(_ impairments: Impairments) {
        latency = impairments.latency
        noise.configure(impairments, bitsPerSecond: bitsPerSecond, appliesOverruns: appliesOverruns)
    }

    /// Queues characters to send; `WireScheduler.send`, which calls it, then activates the wire.
    func enqueue(_ characters: UnsafeRawBufferPointer) {
        queued.append(characters)
    }

    /// An unpaced wire's shortcut (`WireScheduler.send`): with nothing queued or in flight, no
    /// delivery under way and no noise to apply, the characters go to the receiver straight
    /// from the sender's buffer, not through `queued` and `scratch` — two copies fewer in each
    /// direction of every frame (docs/performance.md). False, having done nothing, when they
    /// must queue instead. What is sent on this wire during the delivery follows it.
    func passStraightThrough(_ characters: UnsafeRawBufferPointer) -> Bool {
        guard !isDelivering, !isClosed, queued.isEmpty, inFlight.isEmpty, noise.isQuiet else { return false }
        isDelivering = true
        deliver(characters)
        isDelivering = false
        flush()
        return true
    }

    /// Drops everything; the scheduler forgets the wire at its next tick.
    func close() {
        isClosed = true
        queued.removeAll()
        inFlight = []
        deliver = { _ in }
        onOverrun = { _ in }
    }

    /// Moves the characters the line rate allows since the last advance. Returns whether the
    /// wire still has work, i.e. must stay on the scheduler's list.
    func advance(to now: NIODeadline) -> Bool {
        guard !isClosed else { return false }
        let elapsed = (now - lastAdvance).nanoseconds
        lastAdvance = now
        if !queued.isEmpty {
            creditBitNanoseconds += Int64(bitsPerSecond) * elapsed
            let perCharacter = Int64(bitsPerCharacter) * 1_000_000_000
            let count = min(queued.count, Int(creditBitNanoseconds / perCharacter))
            creditBitNanoseconds -= Int64(count) * perCharacter
            if count > 0 { send(count, at: now) }
            // An empty wire banks no time: the next character starts when it is queued.
            if queued.isEmpty { creditBitNanoseconds = 0 }
        }
        while let first = inFlight.first, first.due <= now {
            inFlight.removeFirst()
            first.characters.withUnsafeBytes { deliver($0) }
        }
        return !isClosed && !(queued.isEmpty && inFlight.isEmpty)
    }

    /// An unpaced wire (a scheduler with a zero tick): sends everything queued and delivers
    /// everything in flight, now. Characters queued while a delivery runs (an echo that comes
    /// straight back on this wire) go out in the same call, after it, never inside it.
    func flush() {
        guard !isDelivering else { return }
        isDelivering = true
        defer { isDelivering = false }
        while !isClosed, !queued.isEmpty {
            send(queued.count, at: lastAdvance)
            while !isClosed, let first = inFlight.popFirst() {
                first.characters.withUnsafeBytes { deliver($0) }
            }
        }
    }

    private func send(_ count: Int, at now: NIODeadline) {
        scratch.removeAll(keepingCapacity: true)
        queued.moveFront(count, to: &scratch)
        let overruns = noise.apply(to: &scratch, bitsPerCharacter: bitsPerCharacter)
        if overruns > 0 { onOverrun(overruns) }
        if latency == .zero {
            scratch.withUnsafeBytes { deliver($0) }
        } else {
            inFlight.append((now + latency, scratch))
        }
    }
}
