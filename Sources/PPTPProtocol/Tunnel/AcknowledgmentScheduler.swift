import NIOCore

/// Decides what acknowledgment number this side sends, and when a packet must go out only to
/// carry it (RFC 2637 §4.1, §4.2, §4.2.5).
///
/// The number is the highest sequence number received (§4.1), not the highest delivered: per
/// §4.3, a packet that overtakes a gap is acknowledged at once and grants the peer credit.
/// Every data packet carries it once anything was received, so a lost acknowledgment is
/// repaired by the next one. When no data goes out, an acknowledgment-only packet follows
/// after `delay` — sooner when half the receive window awaits acknowledgment, so a peer that
/// honours our window never stalls waiting for the delay.
struct AcknowledgmentScheduler: Sendable {
    let delay: TimeAmount
    /// Unacknowledged packets that make an acknowledgment due at once.
    let immediateThreshold: Int
    /// The highest sequence number accepted from the peer; nil until the first one.
    private(set) var highestReceived: UInt32?
    /// Packets accepted since an acknowledgment last went out.
    private var owed = 0
    /// When the oldest of those arrived.
    private var owedSince: NIODeadline?

    init(delay: TimeAmount, receiveWindowSize: Int) {
        self.delay = delay
        immediateThreshold = max(receiveWindowSize / 2, 1)
    }

    /// Notes an accepted payload packet. One that fills a gap below the highest number is
    /// already covered by what we acknowledge, so it owes the peer nothing new.
    mutating func received(_ sequenceNumber: UInt32, now: NIODeadline) {
        if let highest = highestReceived, !SequenceNumber.precedes(highest, sequenceNumber) { return }
        highestReceived = sequenceNumber
        owed += 1
        if owedSince == nil { owedSince = now }
    }

    /// The peer's numbering restarted at `sequenceNumber` (`ReceiveSequencer` resynchronized):
    /// acknowledge from there, even though it is below the highest number seen.
    mutating func resynchronize(to sequenceNumber: UInt32, now: NIODeadline) {
        highestReceived = nil
        received(sequenceNumber, now: now)
    }

    /// When an acknowledgment-only packet is due if no data carries one first.
    var deadline: NIODeadline? {
        owedSince.map { $0 + delay }
    }

    /// The number to carry on an outgoing data packet; it settles what was owed.
    mutating func piggyback() -> UInt32? {
        settle()
        return highestReceived
    }

    /// The number for an acknowledgment-only packet, when one is due at `now`.
    mutating func acknowledgmentOnly(now: NIODeadline) -> UInt32? {
        guard let deadline, owed >= immediateThreshold || deadline <= now else { return nil }
        settle()
        return highestReceived
    }

    private mutating func settle() {
        owed = 0
        owedSince = nil
    }
}
