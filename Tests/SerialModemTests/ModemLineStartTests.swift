import LineHAL
import NIOCore
import NIOPosix
import Testing

@testable import SerialModem

/// How a modem line starts when its port is missing (the start that works is in
/// RealPortTests): a pool keeps the line out of service with the reason `.hardwareFailure` gives.
@Suite("Hayes modem line: start")
struct ModemLineStartTests {
    @Test("a port missing at start reports one hardware failure naming the port, and keeps trying")
    func missingPort() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        var profile = try HayesProfileLoader.load(file: "\(hayesProfileFolder)/generic-hayes.yaml")
        profile.timing.retryFirst = .milliseconds(20)
        profile.timing.retryMaximum = .milliseconds(40)
        let port = "/dev/ttyPACmissing0"
        let fast = profile
        let bound = try await loop.submit {
            let recorder = Recorder()
            let line = HayesModemLine(id: LineID(1), channel: 1, portName: port, profile: fast, eventLoop: loop)
            line.delegate = recorder
            line.start()
            return NIOLoopBound((line: line, recorder: recorder), eventLoop: loop)
        }.get()
        let deadline = ContinuousClock.now + .seconds(5)
        var events: [LineEvent] = []
        // Several re-open attempts (20 + 40 + 40 ms...) pass within the 300 ms waited.
        while ContinuousClock.now < deadline, events.isEmpty {
            try await Task.sleep(for: .milliseconds(300))
            events = try await loop.submit { bound.value.recorder.events }.get()
        }
        let (state, reason) = try await loop.submit { (bound.value.line.callState, bound.value.line.outOfServiceReason) }.get()
        #expect(events.count == 1, "one failure per outage: \(events)")
        guard case .hardwareFailure(let why)? = events.first else {
            Issue.record("expected a hardware failure, got \(events)")
            return
        }
        #expect(why.contains(port), "\(why)")
        #expect(state == .failed)
        #expect(reason?.contains(port) == true)
        try await loop.submit { bound.value.line.stop() }.get()
        try await group.shutdownGracefully()
    }
}
