import NIOCore

/// The receive side of a call (RFC 2637 §4.3): hands payloads to the line strictly in sequence.
///
/// PPP survives loss but not reordering, so a packet numbered below the next expected one is
/// discarded (late or duplicate). A packet that arrives ahead of a gap waits in a small reorder
/// buffer — the RFC allows "they may be reordered by the receiver" — until the gap fills, until
/// it has waited `holdTime`, or until the buffer is full; then the gap is given up as lost and
/// the waiting packets are delivered. A capacity of 0 is the RFC's other choice: never wait,
/// discard whatever arrives after a higher number.
///
/// Enhanced GRE carries no authentication, so one stray packet from the peer's address with a
/// number far ahead (another tunnel's, a restarted peer's) would make every real packet after
/// it stale, for good. §4.3 leaves recovery to the implementation; here a run of
/// `resynchronizationRun` packets, each numbered one after the last and all more than
/// `resynchronizationDistance` behind, is taken as the peer's real numbering: the sequencer
/// starts again from it. Late packets of a real reordering are never that far behind in
/// such a run (the reorder buffer gives up at most `capacity` numbers at a time).
struct ReceiveSequencer: Sendable {
    private struct Held: Sendable {
        var sequenceNumber: UInt32
        var payload: ByteBuffer
        var receivedAt: NIODeadline
    }

    enum Outcome: Equatable, Sendable {
        /// Delivered or held; `skipped` sequence numbers were given up as lost to make room.
        case accepted(skipped: Int)
        /// Numbered below the next expected packet: late, or a duplicate of a delivered one.
        case stale
        /// The same number already waits in the reorder buffer.
        case duplicate
        /// The last of a run of far-behind packets: the sequencer now follows their numbering
        /// and delivered this one; `discarded` held packets of the old numbering were dropped.
        case resynchronized(discarded: Int)
    }

    /// In-sequence stale packets that make the sequencer follow them.
    static let resynchronizationRun = 8
    /// How far behind the next expected number a stale packet must be to count toward a run.
    static let resynchronizationDistance: Int32 = 64

    let capacity: Int
    let holdTime: TimeAmount
    /// The sequence number the line needs next; nil until the first packet, which sets it.
    /// RFC 2637 §4.1 starts at 0, but pptp-linux starts at 1 (docs/interop-notes.md): waiting
    /// for a 0 that never comes would delay its first frame by the hold time and count a loss.
    private(set) var nextExpected: UInt32?
    /// Packets after a gap, ascending by sequence number; never more than `capacity`.
    private var held = CountedDeque<Held>()
    /// The current run of far-behind packets, each one after the last: the newest and how many.
    private var farBehindRun: (last: UInt32, count: Int)?

    init(capacity: Int, holdTime: TimeAmount) {
        precondition(capacity >= 0, "negative reorder buffer capacity \(capacity)")
        self.capacity = capacity
        self.holdTime = holdTime
        held.reserveCapacity(capacity)
    }

    /// Packets waiting for a gap to fill.
    var heldCount: Int { held.count }

    /// When the longest-waiting held packet has waited `holdTime`.
    var deadline: NIODeadline? {
        held.minimum(of: \.receivedAt).map { $0 + holdTime }
    }

    /// Takes one payload packet; appends what the line can have now to `deliveries`.
    mutating func receive(
        _ sequenceNumber: UInt32, payload: ByteBuffer, now: NIODeadline, deliveries: inout CountedDeque<ByteBuffer>
    ) -> Outcome {
        let offset = SequenceNumber.distance(from: nextExpected ?? sequenceNumber, to: sequenceNumber)
        if offset < 0 { return receiveStale(sequenceNumber, offset: offset, payload: payload, deliveries: &deliveries) }
        farBehindRun = nil
        if offset == 0 {
            deliver(sequenceNumber, payload, deliveries: &deliveries)
            return .accepted(skipped: 0)
        }
        if held.contains(where: { $0.sequenceNumber == sequenceNumber }) { return .duplicate }
        guard held.count >= capacity else {
            let index = held.firstIndex { SequenceNumber.precedes(sequenceNumber, $0.sequenceNumber) } ?? held.count
            // A copy of its own: a packet that waits must not pin the socket's whole receive
            // buffer, which the other packets of one read share (GRESocket reads 32 at a time).
            held.insert(Held(sequenceNumber: sequenceNumber, payload: ByteBuffer(bytes: payload.readableBytesView), receivedAt: now), at: index)
            return .accepted(skipped: 0)
        }
        // Full: give up the first gap. Skipping to the lowest waiting number (or to this packet,
        // if it is lower or nothing waits) frees at least one slot, so the retry cannot recurse.
        var target = sequenceNumber
        if let lowest = held.first?.sequenceNumber, SequenceNumber.precedes(lowest, sequenceNumber) { target = lowest }
        let skipped = skip(to: target, deliveries: &deliveries)
        guard case .accepted(let more) = receive(sequenceNumber, payload: payload, now: now, deliveries: &deliveries)
        else { preconditionFailure("packet \(sequenceNumber) not accepted after skipping to it") }
        return .accepted(skipped: skipped + more)
    }

    /// A packet below the next expected number: dropped, unless it completes a far-behind run.
    private mutating func receiveStale(
        _ sequenceNumber: UInt32, offset: Int32, payload: ByteBuffer, deliveries: inout CountedDeque<ByteBuffer>
    ) -> Outcome {
        guard offset < -Self.resynchronizationDistance else {
            farBehindRun = nil
            return .stale
        }
        var run = (last: sequenceNumber, count: 1)
        if let previous = farBehindRun, previous.last &+ 1 == sequenceNumber { run.count = previous.count + 1 }
        guard run.count >= Self.resynchronizationRun else {
            farBehindRun = run
            return .stale
        }
        farBehindRun = nil
        let discarded = held.count
        held.removeAll(keepingCapacity: true)
        deliver(sequenceNumber, payload, deliveries: &deliveries)
        return .resynchronized(discarded: discarded)
    }

    /// Gives up gaps whose first held packet has waited `holdTime`, delivering what follows;
    /// returns how many sequence numbers were given up.
    mutating func expire(now: NIODeadline, deliveries: inout CountedDeque<ByteBuffer>) -> Int {
        var skipped = 0
        while let deadline, deadline <= now, let first = held.first {
            skipped += skip(to: first.sequenceNumber, deliveries: &deliveries)
        }
        return skipped
    }

    /// Treats everything before `sequenceNumber` as lost, then delivers the run that follows.
    private mutating func skip(to sequenceNumber: UInt32, deliveries: inout CountedDeque<ByteBuffer>) -> Int {
        let skipped = nextExpected.map { Int(SequenceNumber.distance(from: $0, to: sequenceNumber)) } ?? 0
        nextExpected = sequenceNumber
        releaseRun(deliveries: &deliveries)
        return skipped
    }

    private mutating func deliver(_ sequenceNumber: UInt32, _ payload: ByteBuffer, deliveries: inout CountedDeque<ByteBuffer>) {
        deliveries.append(payload)
        nextExpected = sequenceNumber &+ 1
        releaseRun(deliveries: &deliveries)
    }

    /// Delivers held packets while they continue the sequence.
    private mutating func releaseRun(deliveries: inout CountedDeque<ByteBuffer>) {
        while let first = held.first, first.sequenceNumber == nextExpected {
            deliveries.append(held.popFirst()!.payload)
            nextExpected = first.sequenceNumber &+ 1
        }
    }
}
