import NIOCore
import PPTPWire
import Testing

@testable import PPTPProtocol

@Suite("RFC 2637 §4.3 receiving: in-order delivery, reorder buffer, duplicates")
struct ReceiveSequencerTests {
    private func harness(reorder: Int = 4, hold: TimeAmount = .milliseconds(50)) -> TunnelHarness {
        TunnelHarness(TunnelHarness.configuration(reorderBufferLimit: reorder, reorderHoldTime: hold))
    }

    @Test("§4.3 packets that arrive in order are delivered at once, in order")
    func inOrder() {
        var harness = harness()
        for sequence: UInt32 in 0..<5 { harness.fromPeer(sequence: sequence, marker: UInt8(sequence)) }
        #expect(harness.delivered == [[0], [1], [2], [3], [4]])
        #expect(harness.statistics.framesDelivered == 5)
        #expect(harness.statistics.packetsReceived == 5)
        #expect(harness.window.nextDeadline == harness.now + .milliseconds(20), "only the delayed acknowledgment is pending")
    }

    @Test("§4.3 a packet that overtakes a gap waits in the reorder buffer until the gap fills")
    func reorder() {
        var harness = harness()
        harness.fromPeer(sequence: 0, marker: 0)
        harness.fromPeer(sequence: 2, marker: 2)
        harness.fromPeer(sequence: 3, marker: 3)
        #expect(harness.delivered == [[0]])
        harness.fromPeer(sequence: 1, marker: 1)
        #expect(harness.delivered == [[0], [1], [2], [3]])
        #expect(harness.statistics.packetsLost == 0)
    }

    @Test("§4.3 a gap not filled within the hold time is given up; a packet for it arriving later is discarded")
    func holdExpiry() {
        var harness = harness(hold: .milliseconds(50))
        harness.fromPeer(sequence: 0, marker: 0)
        harness.fromPeer(sequence: 3, marker: 3)
        harness.advance(.milliseconds(30))
        harness.fromPeer(sequence: 4, marker: 4)
        harness.advance(.milliseconds(19))
        #expect(harness.delivered == [[0]], "3 has waited 49 ms of 50")
        harness.advance(.milliseconds(1))
        #expect(harness.delivered == [[0], [3], [4]])
        #expect(harness.statistics.packetsLost == 2)
        harness.fromPeer(sequence: 1, marker: 1)
        #expect(harness.delivered.count == 3)
        #expect(harness.statistics.drops.stale == 1)
    }

    @Test("§4.3 a full reorder buffer gives up the first gap to make room")
    func bufferFull() {
        var harness = harness(reorder: 2)
        harness.fromPeer(sequence: 0, marker: 0)
        harness.fromPeer(sequence: 2, marker: 2)
        harness.fromPeer(sequence: 4, marker: 4)
        #expect(harness.delivered == [[0]])
        harness.fromPeer(sequence: 6, marker: 6)
        #expect(harness.delivered == [[0], [2]], "1 given up; 4 still waits for 3")
        harness.fromPeer(sequence: 3, marker: 3)
        #expect(harness.delivered == [[0], [2], [3], [4]])
        #expect(harness.statistics.packetsLost == 1)
    }

    @Test("§4.3 without a reorder buffer, packets after a higher number are silently discarded")
    func noReorderBuffer() {
        var harness = harness(reorder: 0)
        harness.fromPeer(sequence: 0, marker: 0)
        harness.fromPeer(sequence: 2, marker: 2)
        harness.fromPeer(sequence: 1, marker: 1)
        harness.fromPeer(sequence: 3, marker: 3)
        #expect(harness.delivered == [[0], [2], [3]])
        #expect(harness.statistics.packetsLost == 1)
        #expect(harness.statistics.drops.stale == 1)
        #expect(harness.window.nextDeadline == harness.now + .milliseconds(20))
    }

    @Test("§4.3 duplicate packets are silently discarded, whether already delivered or still waiting")
    func duplicates() {
        var harness = harness()
        harness.fromPeer(sequence: 0, marker: 0)
        harness.fromPeer(sequence: 0, marker: 0)
        harness.fromPeer(sequence: 2, marker: 2)
        harness.fromPeer(sequence: 2, marker: 2)
        harness.fromPeer(sequence: 1, marker: 1)
        #expect(harness.delivered == [[0], [1], [2]])
        #expect(harness.statistics.drops.stale == 1)
        #expect(harness.statistics.drops.duplicate == 1)
        #expect(harness.statistics.packetsReceived == 5)
    }

    @Test("§4.1 the peer's first packet sets where its numbering starts: pptp-linux starts at 1, not 0")
    func firstPacketAnchors() {
        var harness = harness()
        harness.fromPeer(sequence: 1, marker: 1)
        #expect(harness.delivered == [[1]], "delivered at once, not held for a 0 that never comes")
        harness.fromPeer(sequence: 0, marker: 0)
        harness.fromPeer(sequence: 2, marker: 2)
        #expect(harness.delivered == [[1], [2]])
        #expect(harness.statistics.packetsLost == 0)
        #expect(harness.statistics.drops.stale == 1)
    }

    @Test("§4.3 delivery continues in order across the wrap from 0xFFFFFFFF to 0")
    func wrapAround() {
        var harness = harness()
        harness.fromPeer(sequence: 0xFFFF_FFFE, marker: 1)
        harness.fromPeer(sequence: 0, marker: 3)
        harness.fromPeer(sequence: 0xFFFF_FFFF, marker: 2)
        harness.fromPeer(sequence: 0xFFFF_FFFD, marker: 9)
        #expect(harness.delivered == [[1], [2], [3]])
        #expect(harness.statistics.drops.stale == 1, "0xFFFFFFFD precedes 0xFFFFFFFE")
    }

    /// A stray packet from the peer's address numbered far ahead, then a buffer's worth more
    /// of them: the reorder buffer fills, gives up the gap, and jumps there.
    private func strayFarAhead(_ harness: inout TunnelHarness, from first: UInt32) {
        for offset: UInt32 in 0..<5 { harness.fromPeer(sequence: first &+ 100_000 &+ offset, marker: 0xEE) }
    }

    @Test("§4.3 a run of packets far behind, in sequence, takes over after a stray packet far ahead moved the numbering")
    func resynchronizesAfterStrayPacket() {
        var harness = harness()
        for sequence: UInt32 in 0..<3 { harness.fromPeer(sequence: sequence, marker: UInt8(sequence)) }
        strayFarAhead(&harness, from: 3)
        harness.delivered.removeAll()
        let run = UInt32(ReceiveSequencer.resynchronizationRun)
        for sequence in 3..<(3 + run - 1) { harness.fromPeer(sequence: sequence, marker: UInt8(sequence)) }
        #expect(harness.delivered.isEmpty, "the run is not long enough yet: each of them is stale")
        #expect(harness.statistics.resynchronizations == 0)
        harness.fromPeer(sequence: 2 + run, marker: UInt8(2 + run))
        harness.fromPeer(sequence: 3 + run, marker: UInt8(3 + run))
        #expect(harness.delivered == [[UInt8(2 + run)], [UInt8(3 + run)]], "the run's last packet and what follows it are delivered")
        #expect(harness.statistics.resynchronizations == 1)
        #expect(harness.statistics.drops.stale == Int(run) - 1)
        _ = harness.takeSent()
        harness.advance(.milliseconds(20))
        let acknowledgment = harness.takeSent().last?.header.acknowledgmentNumber
        #expect(acknowledgment == 3 + run, "acknowledgments follow the real numbering, not the stray packet's")
    }

    @Test("§4.3 late packets a little behind, or far behind but out of sequence, are only dropped")
    func noResynchronizationForLatePackets() {
        var harness = harness()
        for sequence: UInt32 in 0..<200 { harness.fromPeer(sequence: sequence, marker: 1) }
        let run = UInt32(ReceiveSequencer.resynchronizationRun)
        // Within the distance: an ordinary late run, however long.
        for sequence in (200 - 64)..<(200 - 64 + 2 * run) { harness.fromPeer(sequence: sequence, marker: 2) }
        // Far behind but not one after another: duplicates of long-gone packets.
        for sequence in stride(from: UInt32(0), to: 4 * run, by: 2) { harness.fromPeer(sequence: sequence, marker: 3) }
        #expect(harness.statistics.resynchronizations == 0)
        #expect(harness.statistics.framesDelivered == 200)
        harness.fromPeer(sequence: 200, marker: 4)
        #expect(harness.delivered.last == [4], "the numbering did not move")
    }

}
