import NIOCore

extension TunnelWindow {
    /// What one call's tunnel needs to know: the values exchanged when the call was set up
    /// (RFC 2637 §2.7–§2.11) and this device's own limits.
    public struct Configuration: Sendable, Hashable {
        /// The peer's Call ID, written into every GRE packet we send (§4.1).
        public var peerCallID: UInt16
        /// The peer's Packet Recv. Window Size: the most packets it will buffer (§4.2.1).
        public var peerReceiveWindowSize: UInt16
        /// The peer's Packet Processing Delay; seeds the round-trip estimate (§4.4).
        public var peerPacketProcessingDelay: TimeAmount
        /// The Packet Recv. Window Size we advertised; half of it unacknowledged makes an
        /// acknowledgment due at once.
        public var receiveWindowSize: UInt16
        /// MinTimeOut of §4.4.1: the adaptive time-out never falls below it.
        public var minimumTimeout: TimeAmount
        /// MaxTimeOut of §4.4: the administrator-adjustable ceiling of the time-out and back-off.
        public var maximumTimeout: TimeAmount
        /// Frames accepted from the line while the window is closed, beyond which frames are
        /// dropped (§4.2.4: "no longer accepted from the packet source when the transmit buffer
        /// fills").
        public var transmitQueueLimit: Int
        /// Packets held after a gap waiting for it to fill (§4.3); 0 discards out-of-order
        /// packets instead of reordering them.
        public var reorderBufferLimit: Int
        /// How long a packet may wait for a gap before the gap is given up as lost.
        public var reorderHoldTime: TimeAmount
        /// How long an acknowledgment may wait for a data packet to carry it before it is sent
        /// alone (§4.2 allows either). 50 ms: long enough for a PPP peer's answer to come back
        /// through a 64 kbit/s line and carry it (a 100-octet frame takes 13 ms each way), so
        /// an answered frame costs the tunnel no acknowledgment-only packet; short enough to
        /// stay under the 100 ms MinTimeOut peers commonly use (FreeBSD's ng_pptpgre waits up
        /// to 500 ms, a quarter of its round-trip estimate).
        public var acknowledgmentDelay: TimeAmount

        /// This device's limits when none are configured (the `tunnel:` section of `pac serve`'s
        /// configuration sets them).
        public static let defaultMinimumTimeout = TimeAmount.milliseconds(100)
        public static let defaultMaximumTimeout = TimeAmount.seconds(10)
        public static let defaultTransmitQueueLimit = 64
        public static let defaultReorderBufferLimit = 16

        public init(
            peerCallID: UInt16,
            peerReceiveWindowSize: UInt16,
            peerPacketProcessingDelay: TimeAmount,
            receiveWindowSize: UInt16,
            minimumTimeout: TimeAmount = defaultMinimumTimeout,
            maximumTimeout: TimeAmount = defaultMaximumTimeout,
            transmitQueueLimit: Int = defaultTransmitQueueLimit,
            reorderBufferLimit: Int = defaultReorderBufferLimit,
            reorderHoldTime: TimeAmount = .milliseconds(50),
            acknowledgmentDelay: TimeAmount = .milliseconds(50)
        ) {
            self.peerCallID = peerCallID
            self.peerReceiveWindowSize = peerReceiveWindowSize
            self.peerPacketProcessingDelay = peerPacketProcessingDelay
            self.receiveWindowSize = receiveWindowSize
            self.minimumTimeout = minimumTimeout
            self.maximumTimeout = maximumTimeout
            self.transmitQueueLimit = transmitQueueLimit
            self.reorderBufferLimit = reorderBufferLimit
            self.reorderHoldTime = reorderHoldTime
            self.acknowledgmentDelay = acknowledgmentDelay
        }
    }
}

extension TimeAmount {
    /// A Packet Processing Delay as carried on the wire: tenths of a second (RFC 2637 §4.4,
    /// "64 means 6.4 seconds").
    public static func packetProcessingDelay(tenthsOfASecond value: UInt16) -> TimeAmount {
        .milliseconds(Int64(value) * 100)
    }
}
