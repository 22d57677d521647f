import LineHAL
import SimulatedLines
import Testing

@Suite("Q.931 signalling on B-channels")
struct Q931SignallingTests {
    /// A B-channel whose signalling is recorded as text, e.g. "← DISCONNECT (17 user busy)".
    private func tracedChannel(_ net: TestNetwork) -> (SimulatedLine, Recorder, () -> [String]) {
        var trace: [String] = []
        let (line, recorder) = net.bChannel()
        net.network.signallingObserver = { id, message in
            if id == line.id { trace.append(message.description) }
        }
        return (line, recorder, { trace })
    }

    @Test("an outgoing call: SETUP, CALL PROCEEDING, CONNECT, CONNECT ACKNOWLEDGE; our hang-up: DISCONNECT, RELEASE, RELEASE COMPLETE")
    func outgoingCall() throws {
        let net = TestNetwork()
        let (line, _, trace) = tracedChannel(net)
        try net.connect(line, to: Numbers.isdnEcho, bearer: .digital)
        line.hangUp(cause: .normalClearing)
        #expect(trace() == [
            "→ SETUP", "← CALL PROCEEDING", "← CONNECT", "→ CONNECT ACKNOWLEDGE",
            "→ DISCONNECT (16 normal call clearing)", "← RELEASE", "→ RELEASE COMPLETE",
        ])
    }

    @Test("a busy number is cleared by the network with cause 17")
    func busy() throws {
        let net = TestNetwork()
        let (line, _, trace) = tracedChannel(net)
        try line.dial(DialRequest(number: Numbers.isdnBusy, bearer: .digital))
        net.advance(seconds: 1)
        #expect(trace() == [
            "→ SETUP", "← CALL PROCEEDING", "← DISCONNECT (17 user busy)", "→ RELEASE", "← RELEASE COMPLETE",
        ])
    }

    @Test("an incoming call answered by the PAC: SETUP from the network, CONNECT from us")
    func incomingAnswered() throws {
        let net = TestNetwork()
        let (line, _, trace) = tracedChannel(net)
        try net.network.ring(line, from: Numbers.isdnEcho, dialed: "100")
        try line.answer()
        net.advance(seconds: 1)
        #expect(trace() == ["← SETUP", "→ CONNECT", "← CONNECT ACKNOWLEDGE"])
    }

    @Test("an incoming call rejected by the PAC gets RELEASE COMPLETE with our cause")
    func incomingRejected() throws {
        let net = TestNetwork()
        let (line, _, trace) = tracedChannel(net)
        try net.network.ring(line, from: Numbers.isdnEcho, dialed: "100")
        try line.reject(cause: .requestedChannelNotAvailable)
        #expect(trace() == ["← SETUP", "→ RELEASE COMPLETE (44 requested circuit/channel not available)"])
    }

    @Test("analog lines have no D-channel: nothing is signalled")
    func analogSilent() throws {
        let net = TestNetwork()
        var messages = 0
        net.network.signallingObserver = { _, _ in messages += 1 }
        let (line, _) = net.modemLine()
        try net.connect(line, to: Numbers.v34Echo)
        line.hangUp(cause: .normalClearing)
        #expect(messages == 0)
    }
}
