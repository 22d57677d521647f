import LineHAL
import NIOCore
import PPTPProtocol

/// The `tunnel:` section: each call's GRE data path (RFC 2637 §4), the device's own limits
/// that the RFC leaves to the administrator (docs/configuration.md).
public struct TunnelConfiguration: Sendable, Equatable {
    /// MinTimeOut of §4.4.1: the adaptive acknowledgment time-out never falls below it.
    public var minimumAcknowledgmentTimeout = TunnelWindow.Configuration.defaultMinimumTimeout
    /// MaxTimeOut of §4.4, "administrator-adjustable … unique to each device": the ceiling of
    /// the time-out and of its back-off, so also the longest a queued frame waits for a lost
    /// acknowledgment.
    public var maximumAcknowledgmentTimeout = TunnelWindow.Configuration.defaultMaximumTimeout
    /// Frames from the line waiting for the window to open; beyond it they are dropped (§4.2.4).
    public var transmitQueueLimit = TunnelWindow.Configuration.defaultTransmitQueueLimit
    /// Packets held after a gap waiting for it to fill (§4.3); 0 drops out-of-order packets.
    public var reorderBufferLimit = TunnelWindow.Configuration.defaultReorderBufferLimit

    public init() {}

    private static var milliseconds: [(name: String, field: WritableKeyPath<TunnelConfiguration, TimeAmount>)] {
        [("min-ack-timeout-ms", \.minimumAcknowledgmentTimeout), ("max-ack-timeout-ms", \.maximumAcknowledgmentTimeout)]
    }

    static func parse(_ root: inout YAMLMappingReader) throws(ProfileError) -> TunnelConfiguration {
        var section = try root.mapping("tunnel")
        var tunnel = TunnelConfiguration()
        for key in milliseconds where section.has(key.name) {
            tunnel[keyPath: key.field] = .milliseconds(Int64(try section.integer(key.name, in: 10...60_000)))
        }
        if section.has("transmit-queue") { tunnel.transmitQueueLimit = try section.integer("transmit-queue", in: 1...4096) }
        if section.has("reorder-buffer") { tunnel.reorderBufferLimit = try section.integer("reorder-buffer", in: 0...1024) }
        guard tunnel.minimumAcknowledgmentTimeout <= tunnel.maximumAcknowledgmentTimeout else {
            let key = section.has("min-ack-timeout-ms") ? "min-ack-timeout-ms" : "max-ack-timeout-ms"
            throw ProfileError(
                file: section.file, line: section.line(of: key), key: section.keyPath(key),
                problem: "min-ack-timeout-ms \(tunnel.minimumAcknowledgmentTimeout.milliseconds) exceeds "
                    + "max-ack-timeout-ms \(tunnel.maximumAcknowledgmentTimeout.milliseconds)")
        }
        try section.finish()
        return tunnel
    }

    /// A call's tunnel window with these limits and what the two sides advertised (§2.7–§2.11).
    func window(
        peerCallID: UInt16, peerReceiveWindowSize: UInt16, peerProcessingDelay: UInt16, receiveWindowSize: UInt16
    ) -> TunnelWindow {
        TunnelWindow(
            configuration: .init(
                peerCallID: peerCallID, peerReceiveWindowSize: peerReceiveWindowSize,
                peerPacketProcessingDelay: .packetProcessingDelay(tenthsOfASecond: peerProcessingDelay),
                receiveWindowSize: receiveWindowSize,
                minimumTimeout: minimumAcknowledgmentTimeout, maximumTimeout: maximumAcknowledgmentTimeout,
                transmitQueueLimit: transmitQueueLimit, reorderBufferLimit: reorderBufferLimit))
    }

    /// `acknowledgment time-out 100…10000 ms, transmit queue 64 frames, reorder buffer 16 packets`,
    /// for `pac check-config` and the reload log.
    public var summary: String {
        "acknowledgment time-out \(minimumAcknowledgmentTimeout.milliseconds)…\(maximumAcknowledgmentTimeout.milliseconds) ms, "
            + "transmit queue \(transmitQueueLimit) frames, reorder buffer \(reorderBufferLimit) packets"
    }
}

extension TimeAmount {
    fileprivate var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
