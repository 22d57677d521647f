import NIOCore
import NIOEmbedded
import PPTPProtocol
import PPTPWire
import Testing

@testable import GRETransport

/// A GRE flood and spoofed GRE sources against the demultiplexer (RFC 2637 §4.1: a call is
/// its peer's address and Call ID): every foreign packet is dropped and counted by reason, and
/// the real call's frames all arrive, in order, between them.
@Suite("GRE flood and spoofed sources")
struct GREFloodTests {
    final class Delivered {
        var frames: [UInt8] = []
    }

    private static let peer = "198.18.0.2"
    private static let callID: UInt16 = 5

    private func datagram(from source: [UInt8], _ gre: ByteBuffer) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: [0x45, 0, 0, 0, 0, 0, 0, 0, 64, 47, 0, 0] + source + [198, 18, 0, 1])
        var gre = gre
        buffer.writeBuffer(&gre)
        return buffer
    }

    private func gre(callID: UInt16, sequence: UInt32, payload: UInt8) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeGREHeader(GREHeader(payloadLength: 1, callID: callID, sequenceNumber: sequence, acknowledgmentNumber: nil))
        buffer.writeInteger(payload)
        return buffer
    }

    /// A demultiplexer with one call from `peer`, and what it delivers. No channel: what the
    /// window would send (acknowledgments) is dropped.
    private func openCall() throws -> (GREDemultiplexer, GRECallKey, Delivered) {
        let demultiplexer = GREDemultiplexer(eventLoop: EmbeddedEventLoop())
        let delivered = Delivered()
        let window = TunnelWindow(
            configuration: .init(
                peerCallID: 9, peerReceiveWindowSize: 64, peerPacketProcessingDelay: .zero, receiveWindowSize: 64))
        let key = try GRECallKey(peer: SocketAddress(ipAddress: Self.peer, port: 0), callID: Self.callID)
        try demultiplexer.open(key, window: window) { frame in
            delivered.frames.append(contentsOf: frame.readableBytesView)
        }
        return (demultiplexer, key, delivered)
    }

    @Test("spoofed sources, unknown Call IDs and garbage are dropped and counted; the call's 100 frames all arrive in order")
    func floodBesideACall() throws {
        let (demultiplexer, key, delivered) = try openCall()
        for sequence in 0..<100 {
            let genuine = gre(callID: Self.callID, sequence: UInt32(sequence), payload: UInt8(sequence))
            demultiplexer.receive(datagram(from: [198, 18, 0, 2], genuine))
            for _ in 0..<10 {
                // Same Call ID, another source: a spoofed or misrouted packet.
                let spoofed = gre(callID: Self.callID, sequence: UInt32(sequence), payload: 0xEE)
                demultiplexer.receive(datagram(from: [198, 18, 0, 66], spoofed))
                let unknown = gre(callID: 4242, sequence: 0, payload: 0xEE)
                demultiplexer.receive(datagram(from: [198, 18, 0, 2], unknown))
                let garbage = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
                demultiplexer.receive(datagram(from: [198, 18, 0, 2], garbage))
            }
        }
        #expect(delivered.frames == (0..<100).map(UInt8.init))
        let statistics = demultiplexer.statistics
        #expect(statistics.droppedWrongPeer == 1000)
        #expect(statistics.droppedUnknownCall == 1000)
        #expect(statistics.droppedMalformedGRE == 1000)
        #expect(statistics.datagramsReceived == 3100)
        #expect(demultiplexer.callStatistics(key)?.framesDelivered == 100)
    }

    @Test("RFC 2637 §4.1 three peers' calls sharing one Call ID each get their own packets, before and after one closes")
    func peersSharingACallID() throws {
        let demultiplexer = GREDemultiplexer(eventLoop: EmbeddedEventLoop())
        let sources: [[UInt8]] = [[198, 18, 0, 2], [198, 18, 0, 3], [198, 18, 0, 4]]
        var keys: [GRECallKey] = []
        let delivered = sources.map { _ in Delivered() }
        for (source, frames) in zip(sources, delivered) {
            let key = try GRECallKey(peer: SocketAddress(ipAddress: source.map(String.init).joined(separator: "."), port: 0), callID: Self.callID)
            let window = TunnelWindow(
                configuration: .init(peerCallID: 9, peerReceiveWindowSize: 64, peerPacketProcessingDelay: .zero, receiveWindowSize: 64))
            try demultiplexer.open(key, window: window) { frames.frames.append(contentsOf: $0.readableBytesView) }
            keys.append(key)
        }
        #expect(throws: GRESocketError.self) {
            try demultiplexer.open(keys[1], window: TunnelWindow(configuration: .init(
                peerCallID: 9, peerReceiveWindowSize: 64, peerPacketProcessingDelay: .zero, receiveWindowSize: 64))) { _ in }
        }
        func send(_ sequence: UInt32, from peer: Int) throws {
            let source = sources[peer]
            let packet = gre(callID: Self.callID, sequence: sequence, payload: UInt8(10 * peer) + UInt8(sequence))
            demultiplexer.receive(datagram(from: source, packet))
        }
        for peer in 0..<3 { try send(0, from: peer) }
        #expect(demultiplexer.close(keys[1]) != nil)
        #expect(demultiplexer.close(keys[1]) == nil)
        for peer in 0..<3 { try send(1, from: peer) }
        #expect(delivered.map(\.frames) == [[0, 1], [10], [20, 21]])
        #expect(demultiplexer.statistics.droppedWrongPeer == 1)
        _ = demultiplexer.close(keys[0])
        _ = demultiplexer.close(keys[2])
        try send(2, from: 0)
        #expect(demultiplexer.statistics.droppedUnknownCall == 1)
    }

    @Test("a flood of replayed packets from the call's own peer is dropped by the window as duplicates or stale")
    func replayFlood() throws {
        let (demultiplexer, key, delivered) = try openCall()
        for sequence in 0..<20 {
            for _ in 0..<50 {
                let packet = gre(callID: Self.callID, sequence: UInt32(sequence), payload: UInt8(sequence))
                demultiplexer.receive(datagram(from: [198, 18, 0, 2], packet))
            }
        }
        #expect(delivered.frames == (0..<20).map(UInt8.init), "each frame once")
        let drops = try #require(demultiplexer.callStatistics(key)).drops
        #expect(drops.duplicate + drops.stale == 20 * 49)
    }
}
