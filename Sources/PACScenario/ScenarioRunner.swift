import NIOCore
import PPTPProtocol
import PPTPWire

/// Runs a scenario's steps in order against a target; after the first failed step the rest
/// are skipped (they would only fail for the same reason).
final class ScenarioRunner {
    private let scenario: Scenario
    private let target: any ScenarioTarget
    /// The scenario's call names → the PNS's Call IDs.
    private var calls: [String: UInt16] = [:]

    init(scenario: Scenario, target: any ScenarioTarget) {
        self.scenario = scenario
        self.target = target
    }

    func run() -> [StepOutcome] {
        var outcomes: [StepOutcome] = []
        var failed = false
        for (index, step) in scenario.steps.enumerated() {
            guard !failed else {
                outcomes.append(StepOutcome(index: index + 1, step: step, status: .skipped, duration: .zero))
                continue
            }
            let started = target.elapsed
            let status: StepOutcome.Status
            do {
                status = .passed(try execute(step))
            } catch let failure as StepFailure {
                status = .failed(failure)
            } catch {
                status = .failed(StepFailure(expected: "the step to be carried out", actual: "\(error)"))
            }
            if case .failed = status { failed = true }
            outcomes.append(StepOutcome(index: index + 1, step: step, status: status, duration: target.elapsed - started))
        }
        target.shutDown()
        return outcomes
    }

    // MARK: Steps

    /// Carries the step out; returns what happened, or throws the expectation that failed.
    private func execute(_ step: Step) throws -> String {
        let within = step.within
        switch step.action {
        case .connect:
            try target.connect()
            _ = target.pass(until: { $0.isEstablished || !$0.isOpen }, limit: within)
            let (established, host, why) = try pns { ($0.isEstablished, $0.peer?.hostName ?? "", $0.closeReason) }
            guard established else {
                throw StepFailure(
                    expected: "the control connection established",
                    actual: why ?? "no Start-Control-Connection-Reply within \(Durations.text(within))")
            }
            return "established with \"\(host)\""

        case .placeCall(let name, let number, let bearer, let expect):
            let parameters = ControlConnection.OutgoingCallParameters(phoneNumber: number, bearerType: bearer)
            guard let callID = try pns({ $0.placeCall(parameters) }) else {
                throw StepFailure(expected: "an Outgoing-Call-Request sent", actual: "the control connection is not established")
            }
            calls[name] = callID
            let reply = try fromPAC("Outgoing-Call-Reply", within) { $0.outgoingReplies[callID] }
            var check = Check()
            check.code("result", expected: expect.result, actual: reply.resultCode)
            check.number("cause", expect.cause, Int(reply.causeCode.rawValue))
            check.number("error", expect.error, Int(reply.errorCode.rawValue))
            check.number("connect speed", expect.connectSpeed, Int(reply.connectSpeed))
            try check.verify()
            if reply.resultCode == .connected {
                try target.openTunnel(
                    callID: callID, peerCallID: reply.callID, peerWindow: reply.packetReceiveWindowSize,
                    peerProcessingDelay: reply.packetProcessingDelay)
                return "\(CodeNames.name(reply.resultCode)) at \(reply.connectSpeed) bit/s"
            }
            return "\(CodeNames.name(reply.resultCode)), cause \(reply.causeCode.rawValue), error \(reply.errorCode.rawValue)"

        case .ring(let name, let line, let from, let dialed, let answer, let expect):
            let before = try pns { $0.offers.count }
            try target.ring(line: line, from: from, dialed: dialed)
            let offer = try fromPAC("Incoming-Call-Request", within) { $0.offers.count > before ? $0.offers[before] : nil }
            calls[name] = offer.callID
            var check = Check()
            check.text("dialed number", expect.dialed, offer.request.dialedNumber)
            check.text("dialing number", expect.dialing, offer.request.dialingNumber)
            check.text("bearer", expect.bearer.map { "\($0)" }, "\(offer.request.bearerType)")
            let callID = offer.callID
            try pns { $0.answer(callID, accept: answer) }
            guard answer else {
                try check.verify()
                return "offered from \(offer.request.dialingNumber), refused"
            }
            let connected = try fromPAC("Incoming-Call-Connected", within) { $0.incomingConnected[callID] }
            check.number("connect speed", expect.connectSpeed, Int(connected.connectSpeed))
            try check.verify()
            try target.openTunnel(
                callID: callID, peerCallID: offer.request.callID, peerWindow: connected.packetReceiveWindowSize,
                peerProcessingDelay: connected.packetTransmitDelay)
            return "offered from \(offer.request.dialingNumber), connected at \(connected.connectSpeed) bit/s"

        case .sendFrames(let name, let count, let size, let echoed):
            let callID = try call(name)
            let before = try pns { $0.framesReceived[callID] ?? 0 }
            try target.sendFrames(callID: callID, (0..<count).map { Self.testFrame($0, size: size) })
            let waitsForAll = [.equal, .atLeast, .above].contains(echoed.comparison)
            _ = target.pass(
                until: { waitsForAll && echoed.holds(for: ($0.framesReceived[callID] ?? 0) - before) }, limit: within)
            let received = try pns { $0.framesReceived[callID] ?? 0 } - before
            var check = Check()
            check.number("frames echoed", echoed, received)
            try check.verify()
            return "\(received) of \(count) frames came back"

        case .impair(let reference, let settings):
            let line: Int
            switch reference {
            case .line(let id): line = id
            case .call(let name):
                guard let id = target.line(ofPNSCall: try call(name)) else {
                    throw StepFailure(expected: "call \(name) on a PAC line", actual: "the PAC has no such call")
                }
                line = id
            }
            try target.impair(line: line, settings)
            return "line \(line)"

        case .wait(let amount):
            _ = target.pass(until: { _ in false }, limit: amount)
            return "\(Durations.text(amount)) passed"

        case .expectWANErrors(let name, let expect):
            let callID = try call(name)
            _ = target.pass(until: { Self.check(expect, $0.wanErrors[callID]).failures.isEmpty }, limit: within)
            let errors = try pns { $0.wanErrors[callID] }
            try Self.check(expect, errors).verify()
            guard let errors else { return "none received, as expected" }
            return "\(errors.count) received; last: CRC \(errors.last.crcErrors), framing \(errors.last.framingErrors), "
                + "overruns \(errors.last.hardwareOverruns)/\(errors.last.bufferOverruns), "
                + "time-outs \(errors.last.timeoutErrors), alignment \(errors.last.alignmentErrors)"

        case .expectMessages(let expected):
            _ = target.pass(
                until: { pns in expected.allSatisfy { $0.1.holds(for: pns.received[$0.0] ?? 0) } }, limit: within)
            let received = try pns { $0.received }
            var check = Check()
            for (type, expectation) in expected { check.number("\(type) received", expectation, received[type] ?? 0) }
            try check.verify()
            return expected.map { "\($0.0) \(received[$0.0] ?? 0)" }.joined(separator: ", ")

        case .expectConnection(let established):
            _ = target.pass(until: { established ? $0.isEstablished : !$0.isOpen }, limit: within)
            let (up, open, why) = try pns { ($0.isEstablished, $0.isOpen, $0.closeReason) }
            if established, !up {
                throw StepFailure(expected: "the control connection established", actual: "closed: \(why ?? "?")")
            }
            if !established, open {
                throw StepFailure(expected: "the control connection closed", actual: up ? "established" : "open, not established")
            }
            return established ? "established" : "closed: \(why ?? "?")"

        case .hangUp(let name, let expect):
            let callID = try notYetDisconnected(name)
            try pns { $0.clear(callID) }
            return try checkDisconnect(callID, expect, within)

        case .pacHangUp(let name, let expect):
            let callID = try notYetDisconnected(name)
            try target.pacHangUp(pnsCallID: callID)
            return try checkDisconnect(callID, expect, within)

        case .expectDisconnect(let name, let expect):
            return try checkDisconnect(try call(name), expect, within)

        case .disconnect:
            try pns { $0.stop() }
            _ = target.pass(until: { !$0.isOpen }, limit: within)
            let (open, replies) = try pns { ($0.isOpen, $0.received[.stopControlConnectionReply] ?? 0) }
            guard !open else {
                throw StepFailure(expected: "the control connection closed", actual: "still open after \(Durations.text(within))")
            }
            guard replies > 0 else {
                throw StepFailure(expected: "a Stop-Control-Connection-Reply", actual: "the connection closed without one")
            }
            return "Stop-Control-Connection-Reply received, connection closed"
        }
    }

    // MARK: Helpers

    /// `body` on the connected PNS.
    private func pns<T: Sendable>(_ body: @escaping @Sendable (ScenarioPNS) -> T) throws -> T {
        guard let value = target.withPNS(body) else {
            throw StepFailure(expected: "the scenario's PNS connected", actual: "no PNS: no 'connect' step came first")
        }
        return value
    }

    private func call(_ name: String) throws -> UInt16 {
        guard let callID = calls[name] else {
            throw StepFailure(expected: "call \(name) placed or offered", actual: "an earlier step did not make it")
        }
        return callID
    }

    /// Waits for something the PAC must send; fails naming it when it does not come.
    private func fromPAC<T: Sendable>(_ what: String, _ within: TimeAmount, _ value: @escaping @Sendable (ScenarioPNS) -> T?)
        throws -> T
    {
        _ = target.pass(until: { value($0) != nil || !$0.isOpen }, limit: within)
        if let found = try pns(value) { return found }
        let why = try pns { $0.isOpen ? nil : $0.closeReason }
        throw StepFailure(
            expected: "\(what) from the PAC",
            actual: why.map { "the control connection closed: \($0)" } ?? "none within \(Durations.text(within))")
    }

    private func notYetDisconnected(_ name: String) throws -> UInt16 {
        let callID = try call(name)
        if let notify = try pns({ $0.disconnects[callID] }) {
            throw StepFailure(
                expected: "call \(name) up", actual: "the PAC already disconnected it (\(CodeNames.name(notify.resultCode)))")
        }
        return callID
    }

    private func checkDisconnect(_ callID: UInt16, _ expect: DisconnectExpectation, _ within: TimeAmount) throws -> String {
        let notify = try fromPAC("Call-Disconnect-Notify", within) { $0.disconnects[callID] }
        var check = Check()
        if let result = expect.result { check.code("result", expected: result, actual: notify.resultCode) }
        check.number("cause", expect.cause, Int(notify.causeCode.rawValue))
        check.number("error", expect.error, Int(notify.errorCode.rawValue))
        try check.verify()
        return "\(CodeNames.name(notify.resultCode)), cause \(notify.causeCode.rawValue), statistics \"\(notify.callStatistics)\""
    }

    private static func check(_ expect: WANErrorExpectation, _ errors: (count: Int, last: WANErrorNotify)?) -> Check {
        var check = Check()
        check.number("WAN-Error-Notify messages", expect.notifies, errors?.count ?? 0)
        for (counter, expectation) in expect.counters {
            check.number(counter.rawValue, expectation, errors.map { Int(counter.value(in: $0.last)) } ?? 0)
        }
        return check
    }

    /// An LCP Echo-Request (RFC 1661 §5.8) of `size` octets numbered `index`: a frame the
    /// far end echoes like any other, recognisable in a capture.
    static func testFrame(_ index: Int, size: Int) -> ByteBuffer {
        var frame = ByteBuffer(bytes: [0xFF, 0x03, 0xC0, 0x21, 0x09, UInt8(truncatingIfNeeded: index)])
        frame.writeInteger(UInt16(size - 4))  // the LCP length excludes address, control and protocol
        frame.writeRepeatingByte(0x5A, count: max(0, size - frame.readableBytes))
        return frame
    }
}
