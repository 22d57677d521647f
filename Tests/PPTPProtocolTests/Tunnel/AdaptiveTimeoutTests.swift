import NIOCore
import PPTPWire
import Testing

@testable import PPTPProtocol

@Suite("RFC 2637 §4.4 acknowledgment time-outs, adaptive time-out and congestion control")
struct AdaptiveTimeoutTests {
    private func estimator(ppd: TimeAmount, minimum: TimeAmount = .milliseconds(100), maximum: TimeAmount = .seconds(10))
        -> AdaptiveTimeout
    {
        AdaptiveTimeout(packetProcessingDelay: ppd, minimum: minimum, maximum: maximum)
    }

    @Test("§4.4 RTT is seeded with the peer's PPD and DEV with 0, so the first ATO is PPD within the bounds")
    func seed() {
        #expect(estimator(ppd: .milliseconds(800)).current == .milliseconds(800))
        #expect(estimator(ppd: .milliseconds(800)).deviation == .zero)
        #expect(estimator(ppd: .zero).current == .milliseconds(100), "MinTimeOut")
        #expect(estimator(ppd: .seconds(30)).current == .seconds(10), "MaxTimeOut")
        #expect(TimeAmount.packetProcessingDelay(tenthsOfASecond: 64) == .milliseconds(6400), "64 means 6.4 seconds")
    }

    @Test("§4.4.1 DIFF, DEV, RTT and ATO follow the RFC's equations with alpha 1/8, beta 1/4, chi 4")
    func equations() {
        var timeout = estimator(ppd: .milliseconds(800))
        // DIFF = 0 - 800 = -800; DEV = 0 + (800 - 0)/4 = 200; RTT = 800 - 100 = 700; ATO = 700 + 4*200.
        timeout.record(sample: .zero)
        #expect(timeout.deviation == .milliseconds(200))
        #expect(timeout.roundTripTime == .milliseconds(700))
        #expect(timeout.current == .milliseconds(1500))
        // DIFF = 0; DEV = 200 + (0 - 200)/4 = 150; RTT = 700; ATO = 700 + 600.
        timeout.record(sample: .milliseconds(700))
        #expect(timeout.deviation == .milliseconds(150))
        #expect(timeout.roundTripTime == .milliseconds(700))
        #expect(timeout.current == .milliseconds(1300))
        // DIFF = 800; DEV = 150 + (800 - 150)/4 = 312.5; RTT = 700 + 100 = 800; ATO = 800 + 1250.
        timeout.record(sample: .milliseconds(1500))
        #expect(timeout.deviation == .microseconds(312_500))
        #expect(timeout.roundTripTime == .milliseconds(800))
        #expect(timeout.current == .milliseconds(2050))
    }

    @Test("§4.4.1 ATO is held between MinTimeOut and MaxTimeOut")
    func bounds() {
        var fast = estimator(ppd: .milliseconds(100), minimum: .milliseconds(50))
        for _ in 0..<200 { fast.record(sample: .milliseconds(1)) }
        #expect(fast.roundTripTime < .milliseconds(2))
        #expect(fast.current == .milliseconds(50))
        var slow = estimator(ppd: .milliseconds(100), maximum: .seconds(2))
        slow.record(sample: .seconds(5))
        #expect(slow.roundTripTime + .nanoseconds(4 * slow.deviation.nanoseconds) > .seconds(2))
        #expect(slow.current == .seconds(2))
    }

    @Test("§4.4.2 a time-out doubles RTT (delta 2), keeps DEV, and recomputes ATO within MaxTimeOut")
    func backOff() {
        var timeout = estimator(ppd: .milliseconds(800), maximum: .seconds(5))
        timeout.record(sample: .zero)
        timeout.record(sample: .milliseconds(700))
        timeout.backOff()
        #expect(timeout.roundTripTime == .milliseconds(1400))
        #expect(timeout.deviation == .milliseconds(150))
        #expect(timeout.current == .milliseconds(2000))
        timeout.backOff()
        #expect(timeout.current == .milliseconds(3400), "2800 + 4 * 150")
        timeout.backOff()
        #expect(timeout.current == .seconds(5), "5600 + 600, capped")
        for _ in 0..<100 { timeout.backOff() }
        #expect(timeout.current == .seconds(5))
        #expect(timeout.roundTripTime == .seconds(5), "RTT held at MaxTimeOut so it can recover")
    }

    @Test("§4.4 a packet whose acknowledgment has not come within ATO times out, not a nanosecond earlier")
    func timeoutAtATO() {
        var harness = TunnelHarness(TunnelHarness.configuration(ppd: .milliseconds(700)))
        harness.fromLine(1)
        #expect(harness.window.nextDeadline == harness.now + .milliseconds(700))
        harness.advance(.milliseconds(700) - .nanoseconds(1))
        #expect(harness.statistics.timeouts == 0)
        harness.advance(.nanoseconds(1))
        #expect(harness.statistics.timeouts == 1)
        #expect(harness.statistics.acknowledgmentTimeout == .milliseconds(1400))
        #expect(harness.window.outstandingPacketCount == 0, "no retransmission: the packet is given up")
    }

    @Test("§4.4.1 an acknowledgment arriving after the time-out yields no sample")
    func lateAcknowledgmentNoSample() {
        var harness = TunnelHarness(TunnelHarness.configuration(ppd: .milliseconds(700)))
        harness.fromLine(1)
        harness.now = harness.now + .seconds(3)
        harness.fromPeer(ack: 0)
        #expect(harness.statistics.timeouts == 1)
        #expect(harness.statistics.acknowledgmentsReceived == 0)
        #expect(harness.statistics.roundTripTime == .milliseconds(1400))
    }

    @Test("§4.4.1 the time-out converges on the measured round trip of a steady peer")
    func adaptation() {
        var harness = TunnelHarness(
            TunnelHarness.configuration(peerWindow: 2, ppd: .seconds(2), minimumTimeout: .milliseconds(1)))
        for marker in 0..<60 {
            harness.fromLine(UInt8(marker))
            let sent = harness.takeSent()
            harness.advance(.milliseconds(30))
            harness.fromPeer(ack: sent.last!.header.sequenceNumber!)
        }
        let statistics = harness.statistics
        #expect(statistics.timeouts == 0)
        #expect(abs(statistics.roundTripTime.nanoseconds - TimeAmount.milliseconds(30).nanoseconds) < 1_000_000)
        #expect(statistics.acknowledgmentTimeout < .milliseconds(40))
    }

    @Test("§4.4 a peer that never acknowledges (pptp-linux) is not held to the window after a time-out; its first acknowledgment restores it")
    func neverAcknowledgingPeer() {
        var harness = TunnelHarness(TunnelHarness.configuration(peerWindow: 3, ppd: .zero), acknowledgingPeer: false)
        for marker: UInt8 in 0..<10 { harness.fromLine(marker) }
        #expect(harness.takeSent().count == 2, "the RFC's window until the peer shows it does not acknowledge")
        harness.advance(.milliseconds(100))
        #expect(harness.statistics.timeouts == 1)
        #expect(harness.statistics.transmitWindowEnforced == false)
        #expect(harness.takeSent().count == 8, "the queue drains without waiting")
        for marker: UInt8 in 0..<100 { harness.fromLine(marker) }
        #expect(harness.takeSent().count == 100)
        #expect(harness.window.nextDeadline == nil, "nothing is timed while the window is lifted")
        #expect(harness.statistics.acknowledgmentTimeout == .milliseconds(100), "no back-off either")

        harness.fromPeer(ack: 109)
        #expect(harness.statistics.transmitWindowEnforced)
        #expect(harness.statistics.transmitWindow == 2, "the window was not halved for a peer that never acknowledged")
        for marker: UInt8 in 0..<5 { harness.fromLine(marker) }
        #expect(harness.takeSent().count == 2)
        harness.advance(.milliseconds(100))
        #expect(harness.statistics.transmitWindowEnforced, "a peer that has acknowledged stays held to the window")
        #expect(harness.statistics.transmitWindow == 1)
    }

    @Test("§4.4.2 a stalled peer: the window closes to one, ATO backs off to MaxTimeOut, the queue overflows")
    func stalledPeer() {
        var harness = TunnelHarness(
            TunnelHarness.configuration(
                peerWindow: 16, ppd: .milliseconds(500), maximumTimeout: .seconds(4), transmitQueueLimit: 10))
        var sentAtTenSeconds = 0
        var timeoutsAtTenSeconds = 0
        for tick in 0..<300 {
            if tick == 100 {
                sentAtTenSeconds = harness.statistics.packetsSent
                timeoutsAtTenSeconds = harness.statistics.timeouts
            }
            harness.fromLine(UInt8(truncatingIfNeeded: tick))
            harness.advance(.milliseconds(100))
        }
        let statistics = harness.statistics
        #expect(statistics.transmitWindow == 1)
        #expect(statistics.acknowledgmentTimeout == .seconds(4))
        // Backed off by 10 s: from then on one packet per MaxTimeOut, each ending in a time-out.
        #expect(statistics.packetsSent - sentAtTenSeconds == 5)
        #expect(statistics.timeouts - timeoutsAtTenSeconds == 5)
        #expect(harness.window.queuedFrameCount == 10)
        #expect(statistics.packetsSent + harness.window.queuedFrameCount + statistics.drops.transmitQueueFull == 300)
    }

    @Test("§4.4.2 recovery: when the peer acknowledges again, ATO falls and the window reopens to the maximum")
    func recovery() {
        var harness = TunnelHarness(
            TunnelHarness.configuration(peerWindow: 8, ppd: .milliseconds(200), minimumTimeout: .milliseconds(10)))
        for _ in 0..<4 {
            harness.fromLine(0)
            harness.advance(.seconds(20))
        }
        #expect(harness.statistics.transmitWindow == 1)
        #expect(harness.statistics.acknowledgmentTimeout == .milliseconds(3200))
        _ = harness.takeSent()
        for round in 0..<80 {
            for marker in 0..<harness.statistics.transmitWindow { harness.fromLine(UInt8(marker)) }
            let sent = harness.takeSent()
            harness.advance(.milliseconds(5))
            harness.fromPeer(ack: sent.last!.header.sequenceNumber!)
            if round == 79 { #expect(sent.count == 8) }
        }
        #expect(harness.statistics.transmitWindow == 8)
        #expect(harness.statistics.acknowledgmentTimeout < .milliseconds(100))
        #expect(harness.statistics.timeouts == 4)
    }
}
