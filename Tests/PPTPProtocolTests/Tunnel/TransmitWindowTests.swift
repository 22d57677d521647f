import NIOCore
import PPTPWire
import Testing

@testable import PPTPProtocol

@Suite("RFC 2637 §4.1–§4.2 sending: sequence numbers and the transmit window")
struct TransmitWindowTests {
    @Test("§4.1 payload packets are numbered from 0, consecutively, with the peer's Call ID")
    func numbering() {
        var harness = TunnelHarness()
        for marker: UInt8 in 1...3 { harness.fromLine(marker, size: Int(marker) * 10) }
        let sent = harness.takeSent()
        #expect(sent.map(\.header.sequenceNumber) == [0, 1, 2])
        #expect(sent.map(\.header.callID) == [0xBEEF, 0xBEEF, 0xBEEF])
        #expect(sent.map(\.header.payloadLength) == [10, 20, 30])
        #expect(sent.map(\.header.acknowledgmentNumber) == [nil, nil, nil], "nothing received yet to acknowledge")
        #expect(harness.statistics.packetsSent == 3)
        #expect(harness.statistics.octetsSent == 60)
    }

    @Test("§4.1 sequence numbers wrap from 0xFFFFFFFF to 0, and acknowledgments compare across the wrap")
    func wrapAround() {
        var harness = TunnelHarness(firstSent: 0xFFFF_FFFE)
        for marker: UInt8 in 1...4 { harness.fromLine(marker) }
        #expect(harness.takeSent().map(\.header.sequenceNumber) == [0xFFFF_FFFE, 0xFFFF_FFFF, 0, 1])
        harness.fromPeer(ack: 0xFFFF_FFFF)
        #expect(harness.window.outstandingPacketCount == 2, "0xFFFFFFFF covers 0xFFFFFFFE and itself only")
        harness.fromPeer(ack: 0)
        #expect(harness.window.outstandingPacketCount == 1, "0 follows 0xFFFFFFFF")
        #expect(harness.statistics.acknowledgmentsBeyondSent == 0)
    }

    @Test(
        "§4.2.1 the initial window is half the peer's receive window, rounded up, at least one",
        arguments: [(16, 8), (7, 4), (1, 1), (0, 1)] as [(UInt16, Int)])
    func initialWindow(peerWindow: UInt16, expected: Int) {
        var harness = TunnelHarness(TunnelHarness.configuration(peerWindow: peerWindow))
        #expect(harness.statistics.transmitWindow == expected)
        for marker: UInt8 in 0..<20 { harness.fromLine(marker) }
        #expect(harness.takeSent().count == expected, "sending stops when outstanding packets fill the window")
        #expect(harness.window.queuedFrameCount == 20 - expected)
    }

    @Test("§4.2.1 an acknowledgment frees window credit and the queued frames go out")
    func creditReleasesQueue() {
        var harness = TunnelHarness(TunnelHarness.configuration(peerWindow: 8))
        for marker: UInt8 in 0..<10 { harness.fromLine(marker) }
        #expect(harness.takeSent().map(\.header.sequenceNumber) == [0, 1, 2, 3])
        harness.fromPeer(ack: 1)
        #expect(harness.takeSent().map(\.header.sequenceNumber) == [4, 5])
        #expect(harness.window.outstandingPacketCount == 4)
    }

    @Test("§4.2.2 each time-out halves the window, fractions rounded up, never below one")
    func closing() {
        var harness = TunnelHarness(TunnelHarness.configuration(peerWindow: 10))
        var windows = [harness.statistics.transmitWindow]
        for round in 0..<4 {
            harness.fromLine(UInt8(round))
            harness.advance(.seconds(60))
            windows.append(harness.statistics.transmitWindow)
        }
        #expect(windows == [5, 3, 2, 1, 1])
        #expect(harness.statistics.timeouts == 4)
    }

    @Test("§4.2.3 each window's worth acknowledged without a time-out opens the window by one, up to the peer's maximum")
    func opening() {
        var harness = TunnelHarness(TunnelHarness.configuration(peerWindow: 4))
        var windows = [harness.statistics.transmitWindow]
        for _ in 0..<4 {
            let window = harness.statistics.transmitWindow
            for marker in 0..<window { harness.fromLine(UInt8(marker)) }
            let sent = harness.takeSent()
            #expect(sent.count == window)
            harness.fromPeer(ack: sent.last!.header.sequenceNumber!)
            windows.append(harness.statistics.transmitWindow)
        }
        #expect(windows == [2, 3, 4, 4, 4])
    }

    @Test("§4.2.3 after a time-out the window restarts at half its size and grows by one per full window")
    func reopeningAfterTimeout() {
        var harness = TunnelHarness(TunnelHarness.configuration(peerWindow: 16))
        harness.fromLine(0)
        harness.advance(.seconds(60))
        #expect(harness.statistics.transmitWindow == 4)
        _ = harness.takeSent()
        for marker: UInt8 in 0..<4 { harness.fromLine(marker) }
        harness.fromPeer(ack: harness.takeSent().last!.header.sequenceNumber!)
        #expect(harness.statistics.transmitWindow == 5)
    }

    @Test("§4.2.4 frames beyond the window wait in a bounded queue; past it they are dropped and counted")
    func overflow() {
        var harness = TunnelHarness(TunnelHarness.configuration(peerWindow: 2, transmitQueueLimit: 3))
        for marker: UInt8 in 0..<10 { harness.fromLine(marker) }
        #expect(harness.takeSent().map(\.payload.readableBytesView.first) == [0])
        #expect(harness.window.queuedFrameCount == 3)
        #expect(harness.statistics.drops.transmitQueueFull == 6)
        harness.fromPeer(ack: 0)
        #expect(harness.takeSent().map(\.payload.readableBytesView.first) == [1, 2], "queued frames keep their order")
    }

    @Test("§4.1 a frame longer than the 16-bit Payload Length can carry is dropped and counted")
    func oversizedFrame() {
        var harness = TunnelHarness()
        harness.fromLine(1, size: 65_536)
        harness.fromLine(2, size: 65_535)
        #expect(harness.takeSent().map(\.header.payloadLength) == [65_535])
        #expect(harness.statistics.drops.frameTooLarge == 1)
    }

    @Test("§4.2.5 one acknowledgment covers every outstanding packet numbered up to it")
    func multiPacketAcknowledgment() {
        var harness = TunnelHarness(TunnelHarness.configuration(peerWindow: 8))
        for marker: UInt8 in 0..<4 { harness.fromLine(marker) }
        harness.fromPeer(ack: 2)
        #expect(harness.window.outstandingPacketCount == 1)
        #expect(harness.statistics.acknowledgmentsReceived == 1)
    }

    @Test("§4.2.5 repeated or stale acknowledgments change nothing; one for an unsent number is ignored and counted")
    func staleAndBogusAcknowledgments() {
        var harness = TunnelHarness(TunnelHarness.configuration(peerWindow: 8))
        for marker: UInt8 in 0..<3 { harness.fromLine(marker) }
        harness.fromPeer(ack: 1)
        let afterFirst = harness.statistics
        harness.fromPeer(ack: 1)
        harness.fromPeer(ack: 0)
        #expect(harness.statistics == afterFirst)
        harness.fromPeer(ack: 3)
        #expect(harness.window.outstandingPacketCount == 1, "3 was never sent")
        #expect(harness.statistics.acknowledgmentsBeyondSent == 1)
    }
}
