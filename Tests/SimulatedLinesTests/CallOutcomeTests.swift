import LineHAL
import NIOCore
import SimulatedLines
import Testing

@Suite("Outgoing call outcomes")
struct CallOutcomeTests {
    @Test("a V.90 line calling a V.90 modem connects at 56000 down, 33600 up, after dialing, one ring and train-up")
    func connectV90() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine(Profiles.v90)
        try line.dial(DialRequest(number: Numbers.v90Echo, bearer: .analog))
        #expect(line.callState == .dialing(DialRequest(number: Numbers.v90Echo, bearer: .analog)))
        net.advance(seconds: 30)
        // 2 s dialing, 6 s ring, 12 s V.90 train-up.
        #expect(recorder.events.map(\.seconds) == [2, 20])
        #expect(recorder.eventList == [.alerting, .connected(transmitSpeed: 56000, receiveSpeed: 33600)])
        #expect(line.callState == .connected(transmitSpeed: 56000, receiveSpeed: 33600))
    }

    @Test("a V.90 line calling a V.34 modem falls back to 33600 both ways")
    func connectV34() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try net.connect(line, to: Numbers.v34Echo)
        #expect(recorder.eventList.last == .connected(transmitSpeed: 33600, receiveSpeed: 33600))
    }

    @Test("a speed range the modems cannot meet ends in no carrier")
    func speedOutOfRange() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try line.dial(DialRequest(number: Numbers.v34Echo, bearer: .analog, speeds: SpeedRange(minimum: 40000, maximum: 56000)))
        net.advance(seconds: 30)
        #expect(recorder.eventList.last == .cleared(CallClearing(cause: .bearerCapabilityNotAvailable, reason: .noCarrier)))
        #expect(line.callState == .idle)
    }

    @Test("the requested maximum caps the connect speed")
    func speedCapped() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try line.dial(DialRequest(number: Numbers.v90Echo, bearer: .analog, speeds: SpeedRange(minimum: 2400, maximum: 28800)))
        net.advance(seconds: 30)
        #expect(recorder.eventList.last == .connected(transmitSpeed: 28800, receiveSpeed: 28800))
    }

    @Test("outcomes carry their Q.931 cause and reason", arguments: [
        (Numbers.modemBusy, CallClearing(cause: .userBusy, reason: .busy), 2.0),
        (Numbers.modemRejects, CallClearing(cause: .callRejected, reason: .refused), 2.0),
        (Numbers.modemCongested, CallClearing(cause: .switchingEquipmentCongestion, reason: .refused), 2.0),
        (Numbers.unassigned, CallClearing(cause: .unassignedNumber, reason: .refused), 2.0),
        (Numbers.isdnEcho, CallClearing(cause: .incompatibleDestination, reason: .refused), 2.0),
        (Numbers.modemNoAnswer, CallClearing(cause: .noAnswer, reason: .noAnswer), 62.0),
    ])
    func outcome(number: String, clearing: CallClearing, at seconds: Double) throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try line.dial(DialRequest(number: number, bearer: .analog))
        net.advance(seconds: 100)
        #expect(recorder.events.last?.event == .cleared(clearing))
        #expect(recorder.events.last?.seconds == seconds)
        #expect(line.callState == .idle)
    }

    @Test("no answer rings first: alerting, then cause 19 when the no-answer timer runs out")
    func noAnswerAlertsFirst() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try line.dial(DialRequest(number: Numbers.modemNoAnswer, bearer: .analog))
        net.advance(seconds: 100)
        #expect(recorder.eventList == [.alerting, .cleared(CallClearing(cause: .noAnswer, reason: .noAnswer))])
    }

    @Test("a subscriber that answers only after the no-answer time-out counts as no answer")
    func answersTooLate() throws {
        let net = TestNetwork()
        net.network.addSubscriber("5550150", Subscriber(behaviour: .answer(afterRings: 11), equipment: .modem(Profiles.v34)))
        let (line, recorder) = net.modemLine()
        try line.dial(DialRequest(number: "5550150", bearer: .analog))
        net.advance(seconds: 100)
        #expect(recorder.eventList.last == .cleared(CallClearing(cause: .noAnswer, reason: .noAnswer)))
    }

    @Test("each rejection cause reaches the caller unchanged", arguments: [
        Q931Cause.unassignedNumber, .userBusy, .noUserResponding, .noAnswer, .callRejected, .destinationOutOfOrder,
        .noCircuitAvailable, .networkOutOfOrder, .temporaryFailure, .switchingEquipmentCongestion,
        .requestedChannelNotAvailable, .resourceUnavailable, .bearerCapabilityNotAvailable, .recoveryOnTimerExpiry,
    ])
    func rejectionCause(cause: Q931Cause) throws {
        let net = TestNetwork()
        net.network.addSubscriber("5550160", Subscriber(behaviour: .reject(cause), equipment: .isdn))
        let (line, recorder) = net.bChannel()
        try line.dial(DialRequest(number: "5550160", bearer: .digital))
        net.advance(seconds: 1)
        #expect(recorder.eventList == [.cleared(CallClearing(cause: cause, reason: .refused))])
    }

    @Test("without dial tone the call fails at once with cause 38 and reason no dial tone")
    func noDialTone() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        net.network.setDialTone(false, for: line)
        try line.dial(DialRequest(number: Numbers.v34Echo, bearer: .analog))
        net.advance(seconds: 30)
        #expect(recorder.eventList == [.cleared(CallClearing(cause: .networkOutOfOrder, reason: .noDialTone))])
        net.network.setDialTone(true, for: line)
        try net.connect(line, to: Numbers.v34Echo)
        #expect(recorder.eventList.last == .connected(transmitSpeed: 33600, receiveSpeed: 33600))
    }

    @Test("hanging up while the far end rings clears once, and the call goes no further")
    func hangUpWhileRinging() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try line.dial(DialRequest(number: Numbers.v34Echo, bearer: .analog))
        net.advance(seconds: 3)
        line.hangUp(cause: .normalClearing)
        net.advance(seconds: 60)
        #expect(recorder.eventList == [.alerting, .cleared(CallClearing(cause: .normalClearing, reason: .localHangUp))])
        line.hangUp(cause: .normalClearing)
        #expect(recorder.events.count == 2)
    }

    @Test("a line refuses a second call and a bearer it cannot carry")
    func dialErrors() throws {
        let net = TestNetwork()
        let (line, _) = net.modemLine()
        #expect(throws: LineError.bearerNotSupported(line.id, requested: .digital, supported: .analog)) {
            try line.dial(DialRequest(number: Numbers.isdnEcho, bearer: .digital))
        }
        try line.dial(DialRequest(number: Numbers.v34Echo, bearer: .analog))
        #expect(throws: LineError.self) { try line.dial(DialRequest(number: Numbers.v34Echo, bearer: .analog)) }
        #expect(throws: LineError.notRinging(line.id, line.callState)) { try line.answer() }
    }

    @Test("carrier loss at a set time clears the call with cause 41 and counts one time-out")
    func carrierLoss() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try net.connect(line, to: Numbers.v34Echo)
        line.impairments.carrierLoss = net.loop.now + TimeAmount.seconds(5)
        net.advance(seconds: 10)
        #expect(recorder.eventList.last == .cleared(CallClearing(cause: .temporaryFailure, reason: .carrierLost)))
        #expect(recorder.events.last?.seconds == 35)
        #expect(line.statistics.timeouts == 1)
        #expect(line.callState == .idle)
    }

    @Test("a hardware failure clears the call, reports the failure and blocks dialing until repaired")
    func hardwareFailure() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try net.connect(line, to: Numbers.v34Echo)
        line.failHardware("UART stopped responding")
        #expect(recorder.eventList.suffix(2) == [
            .cleared(CallClearing(cause: .temporaryFailure, reason: .hardwareFailure)),
            .hardwareFailure("UART stopped responding"),
        ])
        #expect(throws: LineError.hardwareFailed(line.id)) { try line.dial(DialRequest(number: Numbers.v34Echo, bearer: .analog)) }
        line.repairHardware()
        #expect(recorder.eventList.last == .restored)
        try net.connect(line, to: Numbers.v34Echo)
        #expect(line.callState == .connected(transmitSpeed: 33600, receiveSpeed: 33600))
    }
}
