import NIOCore
import PPTPWire

@testable import PPTPProtocol

/// A `TunnelWindow` driven in virtual time, as an adapter would drive it: after every input
/// and at every deadline it drains the actions, recording packets sent and frames delivered.
struct TunnelHarness {
    var window: TunnelWindow
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    /// Packets the window sent, oldest first; tests take them with `takeSent()`.
    var sent: [GREPacket] = []
    /// Frames handed to the line, as their first payload octet (tests number frames that way).
    var delivered: [[UInt8]] = []

    static func configuration(
        peerWindow: UInt16 = 8, ppd: TimeAmount = .seconds(1), receiveWindow: UInt16 = 64,
        minimumTimeout: TimeAmount = .milliseconds(100), maximumTimeout: TimeAmount = .seconds(10),
        transmitQueueLimit: Int = 64, reorderBufferLimit: Int = 4, reorderHoldTime: TimeAmount = .milliseconds(50),
        acknowledgmentDelay: TimeAmount = .milliseconds(20)
    ) -> TunnelWindow.Configuration {
        TunnelWindow.Configuration(
            peerCallID: 0xBEEF, peerReceiveWindowSize: peerWindow, peerPacketProcessingDelay: ppd,
            receiveWindowSize: receiveWindow, minimumTimeout: minimumTimeout, maximumTimeout: maximumTimeout,
            transmitQueueLimit: transmitQueueLimit, reorderBufferLimit: reorderBufferLimit,
            reorderHoldTime: reorderHoldTime, acknowledgmentDelay: acknowledgmentDelay)
    }

    /// `acknowledgingPeer`: the peer has acknowledged before, as the RFC's rules assume; false
    /// for a new call with a peer not yet heard from.
    init(_ configuration: TunnelWindow.Configuration = Self.configuration(), firstSent: UInt32 = 0, acknowledgingPeer: Bool = true) {
        window = TunnelWindow(configuration: configuration, firstSentSequenceNumber: firstSent)
        if acknowledgingPeer { window.assumePeerAcknowledges() }
    }

    mutating func drain() {
        var budget = 100_000
        while let action = window.nextAction(now: now) {
            switch action {
            case .send(let packet): sent.append(packet)
            case .deliver(let frame): delivered.append(Array(frame.readableBytesView))
            }
            budget -= 1
            precondition(budget > 0, "nextAction never returned nil")
        }
    }

    /// Moves the clock forward by `amount`, waking the window at each deadline on the way, as
    /// the adapter's timer would.
    mutating func advance(_ amount: TimeAmount) {
        let end = now + amount
        while let deadline = window.nextDeadline, deadline <= end {
            now = max(now, deadline)
            drain()
        }
        now = end
        drain()
    }

    /// A frame from the line, `size` octets, all equal to `marker`.
    mutating func fromLine(_ marker: UInt8, size: Int = 1) {
        window.sendFrame(ByteBuffer(repeating: marker, count: size))
        drain()
    }

    /// A packet from the peer: data when `sequence` is set, carrying `ack` when set.
    mutating func fromPeer(sequence: UInt32? = nil, ack: UInt32? = nil, marker: UInt8 = 0) {
        let payload = sequence == nil ? ByteBuffer() : ByteBuffer(bytes: [marker])
        let header = GREHeader(
            payloadLength: UInt16(payload.readableBytes), callID: 7, sequenceNumber: sequence, acknowledgmentNumber: ack)
        window.receive(GREPacket(header: header, payload: payload), now: now)
        drain()
    }

    mutating func takeSent() -> [GREPacket] {
        defer { sent = [] }
        return sent
    }

    var statistics: TunnelStatistics { window.statistics }
}

extension GREPacket {
    var isAcknowledgmentOnly: Bool { header.sequenceNumber == nil && header.acknowledgmentNumber != nil }
}
