import LineHAL
import SimulatedLines
import Testing

@Suite("Incoming calls")
struct IncomingCallTests {
    @Test("a ring reports caller, dialed number, subaddress and bearer; answering trains up and connects")
    func answer() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try net.network.ring(line, from: Numbers.v34Echo, dialed: "8005551234", subaddress: "7")
        let call = IncomingCall(callerNumber: Numbers.v34Echo, dialedNumber: "8005551234", subaddress: "7", bearer: .analog)
        #expect(recorder.eventList == [.incomingCall(call)])
        #expect(line.callState == .ringing(call))
        net.advance(seconds: 1)
        try line.answer()
        #expect(line.callState == .connecting)
        net.advance(seconds: 20)
        #expect(recorder.events.last?.seconds == 13)
        #expect(recorder.eventList.last == .connected(transmitSpeed: 33600, receiveSpeed: 33600))
    }

    @Test("rejecting reports the cause given, once")
    func reject() throws {
        let net = TestNetwork()
        let (line, recorder) = net.bChannel()
        try net.network.ring(line, from: Numbers.isdnEcho, dialed: "100")
        try line.reject(cause: .userBusy)
        net.advance(seconds: 120)
        #expect(recorder.eventList.dropFirst() == [.cleared(CallClearing(cause: .userBusy, reason: .localHangUp))])
        #expect(throws: LineError.notRinging(line.id, .idle)) { try line.reject(cause: .callRejected) }
    }

    @Test("a call nobody answers is abandoned after the no-answer time-out")
    func unanswered() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try net.network.ring(line, from: Numbers.v34Echo, dialed: "100")
        net.advance(seconds: 59)
        #expect(line.callState != .idle)
        net.advance(seconds: 1)
        #expect(recorder.eventList.last == .cleared(CallClearing(cause: .noAnswer, reason: .noAnswer)))
    }

    @Test("ringing needs a known caller, a matching bearer and an idle line")
    func ringErrors() throws {
        let net = TestNetwork()
        let (line, _) = net.modemLine()
        #expect(throws: SimulatedSwitchError.unknownCaller(Numbers.unassigned)) {
            try net.network.ring(line, from: Numbers.unassigned, dialed: "1")
        }
        #expect(throws: SimulatedSwitchError.bearerMismatch(line.id, caller: .digital, line: .analog)) {
            try net.network.ring(line, from: Numbers.isdnEcho, dialed: "1")
        }
        try net.network.ring(line, from: Numbers.v34Echo, dialed: "1")
        #expect(throws: SimulatedSwitchError.self) { try net.network.ring(line, from: Numbers.v34Echo, dialed: "1") }
    }
}

@Suite("ISDN spans")
struct ISDNSpanTests {
    @Test("spans have 2, 23 or 30 B-channels, each a 64 kbit/s sync digital line", arguments: [
        ("isdn-bri-ta", 2), ("t1-pri", 23), ("e1-pri", 30),
    ])
    func channels(profile: String, count: Int) {
        let net = TestNetwork()
        let lines = net.network.makeSpan(Profiles.span(profile), firstLineID: LineID(10))
        #expect(lines.count == count)
        #expect(lines.map(\.capabilities.channel) == Array(1...count))
        #expect(lines.map(\.id.rawValue) == Array(10..<(10 + count)))
        #expect(lines.allSatisfy {
            $0.capabilities == LineCapabilities(
                bearer: .digital, framing: .sync, speeds: SpeedRange(minimum: 64000, maximum: 64000), channel: $0.capabilities.channel)
        })
    }

    @Test("a B-channel call connects at 64000 after SETUP, answer and CONNECT cross the D-channel")
    func connect() throws {
        let net = TestNetwork()
        let (line, recorder) = net.bChannel()
        try line.dial(DialRequest(number: Numbers.isdnEcho, bearer: .digital))
        net.advance(seconds: 1)
        // BRI profile: 40 ms per D-channel message; SETUP + reply, then CONNECT.
        #expect(recorder.events.map(\.seconds) == [0.12])
        #expect(recorder.eventList == [.connected(transmitSpeed: 64000, receiveSpeed: 64000)])
    }

    @Test("a busy ISDN number clears with cause 17 after the SETUP round trip")
    func busy() throws {
        let net = TestNetwork()
        let (line, recorder) = net.bChannel()
        try line.dial(DialRequest(number: Numbers.isdnBusy, bearer: .digital))
        net.advance(seconds: 1)
        #expect(recorder.events.map(\.seconds) == [0.08])
        #expect(recorder.eventList == [.cleared(CallClearing(cause: .userBusy, reason: .busy))])
    }

    @Test("a pool hunts the B-channels of a span and is exhausted after the last")
    func poolOfChannels() throws {
        let net = TestNetwork()
        let pool = LinePool()
        let lines = net.network.makeSpan(Profiles.bri, firstLineID: LineID(1))
        for line in lines { try pool.add(line) }
        try pool.addGroup(HuntGroup(name: "bri", bearers: [.digital], policy: .roundRobin, lines: lines.map(\.id)))
        for expected in 1...2 {
            let line = try pool.allocate(number: Numbers.isdnEcho, bearers: [.digital])
            #expect(line.id == LineID(expected))
            try line.dial(DialRequest(number: Numbers.isdnEcho, bearer: .digital))
        }
        #expect(throws: LinePoolError.exhausted(groups: ["bri"])) {
            try pool.allocate(number: Numbers.isdnEcho, bearers: [.digital])
        }
        net.advance(seconds: 1)
        #expect(lines.allSatisfy { $0.callState == .connected(transmitSpeed: 64000, receiveSpeed: 64000) })
    }
}
