import LineHAL
import NIOCore

/// How long the simulated network takes for each step of a call.
public struct SwitchTiming: Sendable, Hashable {
    /// Analog: from off-hook through dial tone and the dialed digits to the first ring.
    public var dialing: TimeAmount
    /// One ring: 2 s on, 4 s off in North America.
    public var ringCycle: TimeAmount
    /// How long a call may ring before the caller gives up.
    public var noAnswerTimeout: TimeAmount
    /// How often busy wires move characters; coarser ticks cost less and add up to one tick
    /// of delay, the rate stays exact. Zero: no pacing (WireScheduler), for benches.
    public var tick: TimeAmount

    public init(
        dialing: TimeAmount = .seconds(2), ringCycle: TimeAmount = .seconds(6),
        noAnswerTimeout: TimeAmount = .seconds(60), tick: TimeAmount = .milliseconds(10)
    ) {
        self.dialing = dialing
        self.ringCycle = ringCycle
        self.noAnswerTimeout = noAnswerTimeout
        self.tick = tick
    }
}

public enum SimulatedSwitchError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownCaller(String)
    case bearerMismatch(LineID, caller: Bearer, line: Bearer)
    case lineNotIdle(LineID, LineCallState)

    public var description: String {
        switch self {
        case .unknownCaller(let number): "number \(number) is not in the switch's number plan"
        case .bearerMismatch(let id, let caller, let line): "\(id) is \(line), it cannot ring with a \(caller) call"
        case .lineNotIdle(let id, let state): "\(id) cannot ring: it is \(state)"
        }
    }
}

/// The simulated telephone network of one event loop: a number plan of subscribers, the PAC's
/// lines attached to it, and the one scheduler that paces their calls. Everything happens on
/// `eventLoop`, so a run is reproduced exactly by its seed and an `EmbeddedEventLoop`.
public final class SimulatedSwitch {
    public let eventLoop: any EventLoop
    /// The run's seed; every call's noise derives from it.
    public let seed: UInt64
    public let timing: SwitchTiming
    let scheduler: WireScheduler
    private var numberPlan: [String: Subscriber] = [:]
    private var linesWithoutDialTone: Set<LineID> = []
    /// Sees every Q.931 message exchanged with a B-channel, in order (Q931Signalling.swift).
    public var signallingObserver: ((LineID, Q931Message) -> Void)?

    public init(eventLoop: any EventLoop, seed: UInt64, timing: SwitchTiming = SwitchTiming()) {
        self.eventLoop = eventLoop
        self.seed = seed
        self.timing = timing
        self.scheduler = WireScheduler(eventLoop: eventLoop, tick: timing.tick)
    }

    // MARK: Lines

    public func makeModemLine(id: LineID, modem: ModemProfile, port: Int = 0) -> SimulatedLine {
        SimulatedLine(id: id, channel: port, medium: .modem(modem), network: self)
    }

    /// The B-channels of a BRI or PRI span, numbered 1...n, with consecutive line IDs.
    public func makeSpan(_ span: ISDNSpanProfile, firstLineID: LineID) -> [SimulatedLine] {
        (1...span.bChannels).map { channel in
            SimulatedLine(
                id: LineID(firstLineID.rawValue + channel - 1), channel: channel, medium: .bChannel(span), network: self)
        }
    }

    /// The line's exchange stops (or resumes) giving dial tone: its calls fail at once.
    public func setDialTone(_ present: Bool, for line: SimulatedLine) {
        if present { linesWithoutDialTone.remove(line.id) } else { linesWithoutDialTone.insert(line.id) }
    }

    // MARK: Number plan

    public func addSubscriber(_ number: String, _ subscriber: Subscriber) {
        numberPlan[number] = subscriber
    }

    public func removeSubscriber(_ number: String) {
        numberPlan[number] = nil
    }

    // MARK: Incoming calls

    /// Rings `line` with a call from `caller` (a number in the plan, which decides the bearer
    /// and far end). If nobody answers within the no-answer time-out, the caller gives up.
    public func ring(_ line: SimulatedLine, from caller: String, dialed: String, subaddress: String = "")
        throws(SimulatedSwitchError)
    {
        guard let subscriber = numberPlan[caller] else { throw .unknownCaller(caller) }
        guard subscriber.bearer == line.capabilities.bearer else {
            throw .bearerMismatch(line.id, caller: subscriber.bearer, line: line.capabilities.bearer)
        }
        guard line.callState == .idle else { throw .lineNotIdle(line.id, line.callState) }
        let call = IncomingCall(callerNumber: caller, dialedNumber: dialed, subaddress: subaddress, bearer: subscriber.bearer)
        signal(line, Q931Message(.fromNetwork, .setup))
        line.beginRinging(call, from: subscriber)
        schedule(on: line, after: timing.noAnswerTimeout) { line in
            line.clear(CallClearing(cause: .noAnswer, reason: .noAnswer))
        }
    }

    /// The PAC answered a ringing line: modems train up, a B-channel connects.
    func answer(_ line: SimulatedLine) {
        guard let caller = line.remoteParty else { return }
        connect(line, to: caller, requested: .any, answeredByPAC: true)
    }

    // MARK: Outgoing calls

    /// Q.931-style call control for a line that dialed: the network first checks the line and
    /// the number (SETUP), then the callee rings (ALERTING) and answers (CONNECT), or the call
    /// is released with the cause a real switch would give.
    func placeCall(from line: SimulatedLine, _ request: DialRequest) {
        signal(line, Q931Message(.toNetwork, .setup))
        schedule(on: line, after: setupDelay(for: line)) { line in
            self.route(line, request)
        }
    }

    private func route(_ line: SimulatedLine, _ request: DialRequest) {
        if linesWithoutDialTone.contains(line.id) {
            return line.clear(CallClearing(cause: .networkOutOfOrder, reason: .noDialTone))
        }
        guard let callee = numberPlan[request.number] else {
            return line.clear(CallClearing(cause: .unassignedNumber, reason: .refused))
        }
        guard callee.bearer == request.bearer else {
            return line.clear(CallClearing(cause: .incompatibleDestination, reason: .refused))
        }
        signal(line, Q931Message(.fromNetwork, .callProceeding))
        switch callee.behaviour {
        case .busy:
            line.clear(CallClearing(cause: .userBusy, reason: .busy))
        case .congestion:
            line.clear(CallClearing(cause: .switchingEquipmentCongestion, reason: .refused))
        case .reject(let cause):
            line.clear(CallClearing(cause: cause, reason: .refused))
        case .noAnswer:
            alert(line, answeringAfter: nil, callee: callee, request: request)
        case .answer(let rings):
            alert(line, answeringAfter: rings, callee: callee, request: request)
        }
    }

    private func alert(_ line: SimulatedLine, answeringAfter rings: Int?, callee: Subscriber, request: DialRequest) {
        let ringing = rings.map { timing.ringCycle * Int64($0) }
        guard let ringing, ringing < timing.noAnswerTimeout else {
            signal(line, Q931Message(.fromNetwork, .alerting))
            line.reportAlerting()
            schedule(on: line, after: timing.noAnswerTimeout) { line in
                line.clear(CallClearing(cause: .noAnswer, reason: .noAnswer))
            }
            return
        }
        if ringing == .zero { return connect(line, to: callee, requested: request.speeds, answeredByPAC: false) }
        signal(line, Q931Message(.fromNetwork, .alerting))
        line.reportAlerting()
        schedule(on: line, after: ringing) { line in
            self.connect(line, to: callee, requested: request.speeds, answeredByPAC: false)
        }
    }

    /// Both ends are off-hook: train the modems up, or let the B-channel's CONNECT arrive.
    private func connect(_ line: SimulatedLine, to remote: Subscriber, requested: SpeedRange, answeredByPAC: Bool) {
        line.beginConnecting()
        switch (line.medium, remote.equipment) {
        case (.modem(let modem), .modem(let remoteModem)):
            let trainUp = TimeAmount.milliseconds(Int64(max(modem.trainUpMilliseconds, remoteModem.trainUpMilliseconds)))
            schedule(on: line, after: trainUp) { line in
                guard let speeds = ModemNegotiation.connect(pac: modem, remote: remoteModem, requested: requested) else {
                    return line.clear(CallClearing(cause: .bearerCapabilityNotAvailable, reason: .noCarrier))
                }
                line.establish(
                    farEnd: self.makeFarEnd(remote.farEnd, for: line),
                    transmitSpeed: speeds.transmit, receiveSpeed: speeds.receive)
            }
        case (.bChannel(let span), _):
            schedule(on: line, after: .milliseconds(Int64(span.signallingDelayMilliseconds))) { line in
                guard requested.contains(span.channelSpeed) else {
                    return line.clear(CallClearing(cause: .bearerCapabilityNotAvailable, reason: .noCarrier))
                }
                // The side that answers sends CONNECT; the other acknowledges it.
                self.signal(
                    line, Q931Message(answeredByPAC ? .toNetwork : .fromNetwork, .connect),
                    Q931Message(answeredByPAC ? .fromNetwork : .toNetwork, .connectAcknowledge))
                line.establish(
                    farEnd: self.makeFarEnd(remote.farEnd, for: line),
                    transmitSpeed: span.channelSpeed, receiveSpeed: span.channelSpeed)
            }
        case (.modem, .isdn):
            preconditionFailure("the switch routes only calls whose bearers match")
        }
    }

    // MARK: Private

    private func setupDelay(for line: SimulatedLine) -> TimeAmount {
        switch line.medium {
        case .modem: timing.dialing
        // SETUP to the switch and its answer back, each across the D-channel.
        case .bChannel(let span): .milliseconds(Int64(2 * span.signallingDelayMilliseconds))
        }
    }

    private func makeFarEnd(_ kind: FarEndKind, for line: SimulatedLine) -> any FarEnd {
        switch kind {
        case .echo: EchoFarEnd()
        case .pppPeer(let magic): PPPPeerFarEnd(framing: line.capabilities.framing, magicNumber: magic)
        case .pseudoTerminal(let terminal): StreamFarEnd(endpoint: .pseudoTerminal(terminal), eventLoop: eventLoop)
        case .tcp(let host, let port): StreamFarEnd(endpoint: .tcp(host: host, port: port), eventLoop: eventLoop)
        }
    }

    /// The line's next call-control step; a hang-up before it cancels it. The task holds the
    /// line strongly until it runs or is cancelled: a weak reference would give every line a
    /// side table, which its frames then pay for on each retain (docs/performance.md).
    private func schedule(on line: SimulatedLine, after delay: TimeAmount, _ step: @escaping (SimulatedLine) -> Void) {
        line.pendingStep?.cancel()
        line.pendingStep = eventLoop.assumeIsolated().scheduleTask(in: delay) {
            line.pendingStep = nil
            step(line)
        }
    }
}
