import NIOCore
import PPTPWire
import Testing

@testable import PPTPProtocol

@Suite("RFC 2637 §4.2, §4.3 sending acknowledgments")
struct AcknowledgmentTests {
    @Test("§4.2 acknowledgments ride on outgoing data packets; no acknowledgment-only packet is needed")
    func piggyback() {
        var harness = TunnelHarness()
        harness.fromPeer(sequence: 0)
        harness.fromPeer(sequence: 1)
        harness.fromLine(9)
        let sent = harness.takeSent()
        #expect(sent.map(\.header.acknowledgmentNumber) == [1])
        #expect(sent.map(\.header.sequenceNumber) == [0])
        harness.advance(.seconds(1))
        #expect(harness.takeSent().isEmpty)
        #expect(harness.statistics.acknowledgmentsSent == 0)
    }

    @Test("§4.2 with no data going out, an acknowledgment-only packet follows after the delay")
    func acknowledgmentOnly() {
        var harness = TunnelHarness(TunnelHarness.configuration(acknowledgmentDelay: .milliseconds(20)))
        harness.fromPeer(sequence: 0)
        #expect(harness.window.nextDeadline == harness.now + .milliseconds(20))
        harness.advance(.milliseconds(19))
        #expect(harness.takeSent().isEmpty)
        harness.advance(.milliseconds(1))
        let sent = harness.takeSent()
        #expect(sent.map(\.header) == [.acknowledgmentOnly(callID: 0xBEEF, acknowledgmentNumber: 0)])
        #expect(sent.first?.payload.readableBytes == 0)
        #expect(harness.statistics.acknowledgmentsSent == 1)
        #expect(harness.window.nextDeadline == nil, "nothing left to acknowledge")
    }

    @Test("§4.2 an acknowledgment is sent at once when half our receive window awaits it")
    func immediateAtHalfWindow() {
        var harness = TunnelHarness(TunnelHarness.configuration(receiveWindow: 6))
        harness.fromPeer(sequence: 0)
        harness.fromPeer(sequence: 1)
        #expect(harness.takeSent().isEmpty)
        harness.fromPeer(sequence: 2)
        #expect(harness.takeSent().map(\.header.acknowledgmentNumber) == [2])
    }

    @Test("§4.3 the acknowledgment names the highest packet received, even past a gap; late fillers owe nothing")
    func acknowledgesPastGap() {
        var harness = TunnelHarness()
        harness.fromPeer(sequence: 0)
        harness.fromPeer(sequence: 4)
        harness.advance(.milliseconds(20))
        #expect(harness.takeSent().map(\.header.acknowledgmentNumber) == [4])
        harness.fromPeer(sequence: 2)
        harness.advance(.seconds(1))
        #expect(harness.takeSent().isEmpty, "2 is below 4, already acknowledged")
    }

    @Test("§4.3 discarded packets are not acknowledged")
    func discardedNotAcknowledged() {
        var harness = TunnelHarness()
        harness.fromPeer(sequence: 0)
        harness.advance(.milliseconds(20))
        _ = harness.takeSent()
        harness.fromPeer(sequence: 0)
        #expect(harness.window.nextDeadline == nil)
    }

    @Test("§4.2 an acknowledgment-only packet goes out while the transmit window is closed")
    func acknowledgmentWhileWindowClosed() {
        var harness = TunnelHarness(TunnelHarness.configuration(peerWindow: 1))
        harness.fromLine(1)
        harness.fromLine(2)
        #expect(harness.takeSent().count == 1)
        harness.fromPeer(sequence: 0)
        harness.advance(.milliseconds(20))
        let sent = harness.takeSent()
        #expect(sent.count == 1)
        #expect(sent.first?.isAcknowledgmentOnly == true)
    }
}
