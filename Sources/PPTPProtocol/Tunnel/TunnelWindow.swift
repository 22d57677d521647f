import NIOCore
import PPTPWire

/// One call's enhanced-GRE data path without I/O (RFC 2637 §4): sequence numbers, the sliding
/// window, acknowledgments, the reorder buffer, the adaptive time-out and congestion control.
///
/// Inputs are frames from the line, packets from the peer and the time; outputs are values the
/// adapter performs. After any input, or when `nextDeadline` passes, the adapter drains
/// `nextAction(now:)` until it returns nil, then wakes the window again at `nextDeadline` —
/// one deadline per call, which the adapter multiplexes onto one timer per event loop.
public struct TunnelWindow: Sendable {
    /// Something the adapter must do now.
    public enum Action: Sendable, Hashable {
        /// Send this packet to the peer: a payload packet, or an acknowledgment-only packet.
        case send(GREPacket)
        /// Hand this PPP frame to the line; frames come in sequence.
        case deliver(ByteBuffer)
    }

    public let configuration: Configuration
    private var transmit: TransmitWindow
    private var sequencer: ReceiveSequencer
    private var acknowledger: AcknowledgmentScheduler
    /// Frames from the line waiting for window credit.
    private var transmitQueue = CountedDeque<ByteBuffer>()
    /// Frames released in sequence, waiting to be handed to the line.
    private var deliveries = CountedDeque<ByteBuffer>()
    private var counters = TunnelStatistics()

    /// A new call's tunnel: we number from 0 (RFC 2637 §4.1); the peer's first packet sets
    /// where its numbering starts.
    public init(configuration: Configuration) {
        self.init(configuration: configuration, firstSentSequenceNumber: 0)
    }

    /// Starts our sequence numbers elsewhere than 0, so tests reach the 2³² wrap directly.
    init(configuration: Configuration, firstSentSequenceNumber: UInt32) {
        self.configuration = configuration
        let timeout = AdaptiveTimeout(
            packetProcessingDelay: configuration.peerPacketProcessingDelay,
            minimum: configuration.minimumTimeout, maximum: configuration.maximumTimeout)
        transmit = TransmitWindow(
            peerReceiveWindowSize: Int(configuration.peerReceiveWindowSize), timeout: timeout,
            firstSequenceNumber: firstSentSequenceNumber)
        sequencer = ReceiveSequencer(capacity: configuration.reorderBufferLimit, holdTime: configuration.reorderHoldTime)
        acknowledger = AcknowledgmentScheduler(
            delay: configuration.acknowledgmentDelay, receiveWindowSize: Int(configuration.receiveWindowSize))
        transmitQueue.reserveCapacity(configuration.transmitQueueLimit)
    }

    // MARK: Inputs

    /// A PPP frame from the line to send to the peer. It goes out on the next `nextAction` if
    /// the window has credit; otherwise it waits in the transmit queue, or is dropped when
    /// that is full (§4.2.4).
    public mutating func sendFrame(_ frame: consuming ByteBuffer) {
        guard frame.readableBytes <= Int(UInt16.max) else {
            counters.drops.frameTooLarge += 1
            return
        }
        guard transmitQueue.count < transmit.availableCredit + configuration.transmitQueueLimit else {
            counters.drops.transmitQueueFull += 1
            return
        }
        transmitQueue.append(frame)
    }

    /// A GRE packet from the peer for this call. Time-outs due by `now` are applied first, so
    /// a late acknowledgment never yields a sample longer than the time-out it missed.
    public mutating func receive(_ packet: GREPacket, now: NIODeadline) {
        expireTimers(now: now)
        if let number = packet.header.acknowledgmentNumber {
            switch transmit.acknowledge(number, now: now) {
            case .acknowledged: counters.acknowledgmentsReceived += 1
            case .stale: break
            case .beyondSent: counters.acknowledgmentsBeyondSent += 1
            }
        }
        guard let sequenceNumber = packet.header.sequenceNumber else { return }
        counters.packetsReceived += 1
        counters.octetsReceived += packet.payload.readableBytes
        switch sequencer.receive(sequenceNumber, payload: packet.payload, now: now, deliveries: &deliveries) {
        case .accepted(let skipped):
            counters.packetsLost += skipped
            acknowledger.received(sequenceNumber, now: now)
        case .stale:
            counters.drops.stale += 1
        case .duplicate:
            counters.drops.duplicate += 1
        case .resynchronized(let discarded):
            // The acknowledgments follow too: the old numbering's highest would acknowledge
            // packets the peer never sent, and it would ignore them (§4.2.5).
            counters.resynchronizations += 1
            counters.packetsLost += discarded
            acknowledger.resynchronize(to: sequenceNumber, now: now)
        }
    }

    // MARK: Outputs

    /// The next thing to do at `now`, or nil when there is nothing until `nextDeadline`.
    /// Frames for the line come first, then data packets the window allows (each carrying the
    /// acknowledgment), then an acknowledgment-only packet if one is due and no data took it.
    public mutating func nextAction(now: NIODeadline) -> Action? {
        expireTimers(now: now)
        if let frame = deliveries.popFirst() {
            counters.framesDelivered += 1
            return .deliver(frame)
        }
        if transmit.availableCredit > 0, let frame = transmitQueue.popFirst() {
            let header = GREHeader(
                payloadLength: UInt16(frame.readableBytes), callID: configuration.peerCallID,
                sequenceNumber: transmit.send(now: now), acknowledgmentNumber: acknowledger.piggyback())
            counters.packetsSent += 1
            counters.octetsSent += frame.readableBytes
            return .send(GREPacket(header: header, payload: frame))
        }
        if let number = acknowledger.acknowledgmentOnly(now: now) {
            counters.acknowledgmentsSent += 1
            let header = GREHeader.acknowledgmentOnly(callID: configuration.peerCallID, acknowledgmentNumber: number)
            return .send(GREPacket(header: header, payload: ByteBuffer()))
        }
        return nil
    }

    /// When the window must be woken even if nothing arrives: the earliest of the oldest
    /// packet's acknowledgment time-out, the reorder hold and the delayed acknowledgment.
    public var nextDeadline: NIODeadline? {
        Self.earliest(Self.earliest(transmit.deadline, sequencer.deadline), acknowledger.deadline)
    }

    /// The earlier of two optional deadlines, without building a collection on the packet path.
    private static func earliest(_ a: NIODeadline?, _ b: NIODeadline?) -> NIODeadline? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    /// Counters, with the window and time-out in force now.
    public var statistics: TunnelStatistics {
        var statistics = counters
        statistics.transmitWindow = transmit.size
        statistics.acknowledgmentTimeout = transmit.timeout.current
        statistics.roundTripTime = transmit.timeout.roundTripTime
        statistics.transmitWindowEnforced = transmit.isEnforced
        return statistics
    }

    /// Frames from the line waiting for window credit.
    public var queuedFrameCount: Int { transmitQueue.count }

    /// Payload packets sent and not yet acknowledged.
    public var outstandingPacketCount: Int { transmit.outstandingCount }

    // MARK: Timers

    /// Test support: acts as if the peer had acknowledged before, so a test of the window rules
    /// need not start with an exchange (a window never acknowledged is lifted on its first
    /// time-out, see `TransmitWindow.isEnforced`).
    mutating func assumePeerAcknowledges() {
        transmit.assumePeerAcknowledges()
    }

    private mutating func expireTimers(now: NIODeadline) {
        if transmit.expire(now: now) { counters.timeouts += 1 }
        counters.packetsLost += sequencer.expire(now: now, deliveries: &deliveries)
    }
}
