import LineHAL
import NIOCore

/// A lab-bench test call (`pac dial`, `POST /v1/lines/{id}/dial`): the operator has one line
/// place a call through its switch, with no PNS and no PPTP involved, to check a line or a
/// number. The line is taken from the pool for the attempt, so no PNS call can get it.
public struct TestCallOutcome: Codable, Sendable, Equatable {
    public var line: Int
    public var number: String
    /// `connected`, or why the call did not connect: `busy`, `no-answer`, `no-dial-tone`,
    /// `no-carrier`, `refused`, `carrier-lost`, `hung-up-by-far-end`, `hardware-failure`,
    /// `hung-up-locally`.
    public var result: String
    /// The Q.931 cause the network gave when the call did not connect (e.g. 17 user busy).
    public var cause: Int?
    public var causeText: String?
    /// Bits per second, once connected.
    public var transmitSpeed: Int?
    public var receiveSpeed: Int?
    /// From dialing to the outcome.
    public var setupMilliseconds: Double
    /// How long the connected call is held before the PAC hangs it up.
    public var holdSeconds: Double
}

/// A test call in progress on one line.
struct TestCall {
    let number: String
    let hold: TimeAmount
    let startedAt: NIODeadline
    /// Completed with the outcome; nil once it is.
    var outcome: EventLoopPromise<TestCallOutcome>?
    /// Ends the held call; cancelled if the call ends first, so it cannot hit a later call.
    var hangUp: Scheduled<Void>?
}

extension PACEngine {
    /// Dials `number` on line `id` and completes with the outcome; a connected call is held
    /// for `hold`, then hung up (normal clearing). Refused when the line is unknown or not free.
    public func testCall(line id: Int, number: String, hold: TimeAmount) -> EventLoopFuture<TestCallOutcome> {
        eventLoop.preconditionInEventLoop()
        let lineID = LineID(id)
        guard pool.line(lineID) != nil else { return eventLoop.makeFailedFuture(AdminError.unknownLine(id)) }
        guard CallOutcome.isDialable(number) else {
            return eventLoop.makeFailedFuture(AdminError.refused("\"\(number)\" is not a dialable number"))
        }
        let line: any Line
        do {
            line = try pool.claim(lineID)
        } catch {
            let why = if case .lineNotFree(_, let availability) = error { Self.name(availability) } else { "\(error)" }
            return eventLoop.makeFailedFuture(AdminError.refused("line \(id) cannot dial: it is \(why)"))
        }
        let promise = eventLoop.makePromise(of: TestCallOutcome.self)
        testCalls[lineID] = TestCall(number: number, hold: hold, startedAt: now, outcome: promise)
        logger.info("test call: dialing \"\(number)\"", metadata: ["line": "\(id)"])
        do {
            try line.dial(DialRequest(number: number, bearer: line.capabilities.bearer))
        } catch {
            testCalls[lineID] = nil
            pool.release(lineID)
            promise.fail(AdminError.refused("line \(id) cannot dial: \(error)"))
        }
        return promise.futureResult
    }

    /// Handles a line event if the line carries a test call; false if it does not.
    func handleTestCall(_ line: any Line, _ event: LineEvent) -> Bool {
        guard var call = testCalls[line.id] else { return false }
        switch event {
        case .connected(let transmit, let receive):
            logger.info("test call connected at \(transmit)/\(receive) bit/s", metadata: ["line": "\(line.id.rawValue)"])
            call.outcome?.succeed(
                outcome(of: call, on: line, result: "connected", transmitSpeed: transmit, receiveSpeed: receive))
            call.outcome = nil
            call.hangUp = line.eventLoop.assumeIsolated().scheduleTask(in: call.hold) { line.hangUp(cause: .normalClearing) }
            testCalls[line.id] = call
        case .cleared(let clearing):
            call.hangUp?.cancel()
            testCalls[line.id] = nil
            pool.release(line.id)
            logger.info("test call cleared: \(clearing)", metadata: ["line": "\(line.id.rawValue)"])
            var failed = outcome(of: call, on: line, result: Self.resultName(clearing.reason))
            failed.cause = Int(clearing.cause.rawValue)
            failed.causeText = clearing.cause.name
            call.outcome?.succeed(failed)
        case .alerting, .incomingCall, .hardwareFailure, .restored:
            return false
        }
        return true
    }

    private func outcome(
        of call: TestCall, on line: any Line, result: String, transmitSpeed: Int? = nil, receiveSpeed: Int? = nil
    ) -> TestCallOutcome {
        TestCallOutcome(
            line: line.id.rawValue, number: call.number, result: result, transmitSpeed: transmitSpeed,
            receiveSpeed: receiveSpeed, setupMilliseconds: Double((now - call.startedAt).nanoseconds) / 1e6,
            holdSeconds: Double(call.hold.nanoseconds) / 1e9)
    }

    static func resultName(_ reason: ClearReason) -> String {
        switch reason {
        case .localHangUp: "hung-up-locally"
        case .remoteHangUp: "hung-up-by-far-end"
        case .busy: "busy"
        case .noAnswer: "no-answer"
        case .noDialTone: "no-dial-tone"
        case .noCarrier: "no-carrier"
        case .carrierLost: "carrier-lost"
        case .refused: "refused"
        case .hardwareFailure: "hardware-failure"
        }
    }
}
