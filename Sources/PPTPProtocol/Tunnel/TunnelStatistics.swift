import NIOCore

/// What one call's tunnel has done, for status displays and WAN statistics: counters since
/// the call started, and the window and time-out in force when read.
public struct TunnelStatistics: Sendable, Hashable {
    /// Why a frame or packet was thrown away.
    public struct Drops: Sendable, Hashable {
        /// A frame from the line found the transmit queue full (§4.2.4).
        public var transmitQueueFull = 0
        /// A frame from the line longer than the 16-bit Payload Length can carry (§4.1).
        public var frameTooLarge = 0
        /// A packet numbered below the next one the line needs: late or duplicate (§4.3).
        public var stale = 0
        /// A packet whose number already waits in the reorder buffer (§4.3).
        public var duplicate = 0

        public var total: Int { transmitQueueFull + frameTooLarge + stale + duplicate }
    }

    /// Payload packets sent to the peer, and their payload octets.
    public var packetsSent = 0
    public var octetsSent = 0
    /// Payload packets received from the peer (before any drop), and their payload octets.
    public var packetsReceived = 0
    public var octetsReceived = 0
    /// Frames handed to the line, in sequence.
    public var framesDelivered = 0
    /// Sequence numbers never received, given up so later packets could be delivered, and
    /// packets held for reordering that a resynchronization discarded.
    public var packetsLost = 0
    /// Times the receive side took up the peer's numbering again after a run of packets far
    /// behind it (`ReceiveSequencer`: a stray packet had moved it far ahead).
    public var resynchronizations = 0
    public var drops = Drops()
    /// Acknowledgment-only packets sent (acknowledgments on data packets are not counted).
    public var acknowledgmentsSent = 0
    /// Acknowledgment numbers received that acknowledged at least one outstanding packet.
    public var acknowledgmentsReceived = 0
    /// Acknowledgment numbers for packets never sent; ignored.
    public var acknowledgmentsBeyondSent = 0
    /// Acknowledgment time-outs (§4.4), each of which halved the window and backed off ATO.
    public var timeouts = 0
    /// The transmit window in force (§4.2).
    public var transmitWindow = 0
    /// False while the window is lifted for a peer that has never acknowledged anything.
    public var transmitWindowEnforced = true
    /// The adaptive acknowledgment time-out in force, ATO (§4.4.1).
    public var acknowledgmentTimeout = TimeAmount.zero
    /// The round-trip estimate in force, RTT (§4.4.1).
    public var roundTripTime = TimeAmount.zero

    public init() {}
}
