import NIOCore

/// The send side of a call's sliding window (RFC 2637 §4.2): numbers payload packets, limits
/// how many await acknowledgment, and closes or opens the window on time-outs and
/// acknowledgments. It never retransmits: the window exists for flow control only (§4.2).
struct TransmitWindow: Sendable {
    /// A payload packet sent and not yet acknowledged.
    private struct Outstanding: Sendable {
        var sequenceNumber: UInt32
        var sentAt: NIODeadline
    }

    /// What an acknowledgment number did to the window.
    enum AcknowledgmentOutcome: Equatable, Sendable {
        /// This many outstanding packets are now acknowledged.
        case acknowledged(Int)
        /// Acknowledges nothing still outstanding: repeated, or for packets already timed out.
        case stale
        /// Acknowledges a sequence number this side has not sent yet; ignored.
        case beyondSent
    }

    /// The peer's Packet Recv. Window Size: the window never grows past it (§4.2.3).
    let maximumSize: Int
    /// Packets that may await acknowledgment at once.
    private(set) var size: Int
    /// Acknowledged packets since the window last changed size, toward the next opening.
    private var acknowledgedAtThisSize = 0
    /// The sequence number the next payload packet gets (§4.1: from zero, consecutive).
    private(set) var nextSequenceNumber: UInt32
    /// Whether the peer has acknowledged any packet of ours.
    private(set) var peerHasAcknowledged = false
    /// False once a time-out found a peer that never acknowledged anything: such a peer does
    /// not run the sliding window (pptp-linux never sets the A bit; docs/interop-notes.md), and
    /// holding it to one would leave one packet per MaxTimeOut. Its first acknowledgment turns
    /// the window back on.
    private(set) var isEnforced = true
    private var outstanding = CountedDeque<Outstanding>()
    private(set) var timeout: AdaptiveTimeout

    /// RFC 2637 §4.2.1: the initial window is half the maximum the receiver requested, at least
    /// one packet. The RFC leaves the rounding of an odd size open; like §4.2.2 we round up.
    init(peerReceiveWindowSize: Int, timeout: AdaptiveTimeout, firstSequenceNumber: UInt32) {
        maximumSize = max(peerReceiveWindowSize, 1)
        size = Self.half(maximumSize)
        self.timeout = timeout
        nextSequenceNumber = firstSequenceNumber
    }

    /// Packets that may be sent now without waiting for an acknowledgment; unlimited (2³¹−1)
    /// while the window is not enforced.
    var availableCredit: Int { isEnforced ? size - outstanding.count : Int(Int32.max) }

    /// Packets sent and not yet acknowledged.
    var outstandingCount: Int { outstanding.count }

    /// When the oldest outstanding packet times out, using the ATO in force (§4.4).
    var deadline: NIODeadline? {
        outstanding.first.map { $0.sentAt + timeout.current }
    }

    /// Numbers a payload packet sent at `now`. Only called with credit available (§4.2.1: "the
    /// transmitter stops sending packets when the number of packets awaiting acknowledgment is
    /// equal to the current window size").
    mutating func send(now: NIODeadline) -> UInt32 {
        precondition(availableCredit > 0, "sending past a full transmit window")
        let number = nextSequenceNumber
        if isEnforced { outstanding.append(Outstanding(sequenceNumber: number, sentAt: now)) }
        nextSequenceNumber &+= 1
        return number
    }

    /// RFC 2637 §4.2.5: all outstanding packets numbered lower than or equal to `number` are
    /// acknowledged; the time-out sample is taken from the highest of them (§4.4.1), and only
    /// here, when an acknowledgment is received.
    mutating func acknowledge(_ number: UInt32, now: NIODeadline) -> AcknowledgmentOutcome {
        guard SequenceNumber.precedes(number, nextSequenceNumber) else { return .beyondSent }
        peerHasAcknowledged = true
        isEnforced = true
        var newest: Outstanding?
        var count = 0
        while let oldest = outstanding.first, !SequenceNumber.precedes(number, oldest.sequenceNumber) {
            newest = outstanding.popFirst()
            count += 1
        }
        guard let newest else { return .stale }
        timeout.record(sample: now - newest.sentAt)
        open(afterAcknowledging: count)
        return .acknowledged(count)
    }

    /// RFC 2637 §4.2.3: each window's worth of packets acknowledged without a time-out opens
    /// the window by one packet, up to the peer's maximum.
    private mutating func open(afterAcknowledging count: Int) {
        acknowledgedAtThisSize += count
        while acknowledgedAtThisSize >= size, size < maximumSize {
            acknowledgedAtThisSize -= size
            size += 1
        }
        if size == maximumSize { acknowledgedAtThisSize = 0 }
    }

    /// Applies a time-out if the oldest outstanding packet's deadline has passed; returns
    /// whether it did. RFC 2637 §4.2.2 halves the window (rounding up, at least one) and §4.4.2
    /// backs the time-out off. No retransmission (§4.2.3): every outstanding packet is given up
    /// at once, so one interval costs one halving, and sending resumes in the smaller window.
    /// A peer that has never acknowledged anything gets neither: the window is lifted instead.
    mutating func expire(now: NIODeadline) -> Bool {
        guard let deadline, deadline <= now else { return false }
        outstanding.removeAll(keepingCapacity: true)
        guard peerHasAcknowledged else {
            isEnforced = false
            return true
        }
        size = Self.half(size)
        acknowledgedAtThisSize = 0
        timeout.backOff()
        return true
    }

    /// Test support for `TunnelWindow.assumePeerAcknowledges()`.
    mutating func assumePeerAcknowledges() {
        peerHasAcknowledged = true
    }

    private static func half(_ size: Int) -> Int {
        max((size + 1) / 2, 1)
    }
}
