import HDLC
import LineHAL
import NIOCore

/// A telephone line on a Hayes-compatible modem behind a serial port.
///
/// Calls are AT commands through `ATCommandEngine`; after CONNECT the port carries async-HDLC
/// PPP frames through the line's framer. Every wait is bounded by the profile's timing: a
/// modem that stops answering, or a port that disappears, takes the line out of service
/// (`.hardwareFailure`) and the line re-opens and re-initialises the port on its own, at
/// growing intervals, until it works again. Lives on `eventLoop` like every `Line`.
public final class HayesModemLine: Line {
    public let id: LineID
    public let capabilities: LineCapabilities
    public let eventLoop: any EventLoop
    public weak var delegate: (any LineDelegate)?
    public let portName: String
    public let profile: HayesProfile
    public internal(set) var accm = ACCM.default
    /// Why the line is out of service, while it is.
    public internal(set) var outOfServiceReason: String? = "not started"
    /// The last connection's details from the modem's CONNECT report.
    public internal(set) var lastConnect: ConnectReport?

    /// Garbage from the modem in command mode: lines dropped for length, unprintable characters.
    public var overlongLines: UInt64 { engine.overlongLines }
    public var unprintableCharacters: UInt64 { engine.unprintableCharacters }

    var phase: Phase = .outOfService
    var engine: ATCommandEngine
    var connection: PortConnection?
    /// Bumped per connection: events from an older, dropped connection are ignored.
    var generation = 0
    /// The one timer for phase steps: hang-up steps, DCD polling, ring silence, re-open.
    var stepTimer: Scheduled<Void>?
    var deadlineTimer: Scheduled<Void>?
    var retryDelay: TimeAmount
    var call: CallFraming?
    var counters = LineStatistics()
    var started = false
    /// The line has been out of service (since `start()` or a failure): `.restored` is due
    /// when the modem is initialised, so a pool that holds the line out of service meanwhile
    /// takes it back.
    var restoreDue = true
    /// A `.hardwareFailure` was reported for the current outage.
    var failureReported = false
    /// Completed when `shutDown()` has reset the modem and closed the port.
    var shutdownDone: EventLoopPromise<Void>?

    /// What the line is doing; `callState` is derived from it.
    enum Phase {
        /// No port: not yet opened, lost, or closed after the modem stopped answering.
        case outOfService
        /// The port is open and the profile's initialisation commands are running.
        case initialising(remaining: Int)
        /// Command mode, no call.
        case idle
        /// ATD is outstanding.
        case dialing(DialRequest)
        /// RING came; `call` is nil until caller ID (or the second RING) completes it.
        case ringing(IncomingCall?, callerNumber: String, dialedNumber: String)
        /// The ringing call was rejected: its RINGs are ignored until they stop.
        case ignoringRings
        /// ATA is outstanding.
        case answering
        case connected(transmitSpeed: Int, receiveSpeed: Int)
        /// Our hang-up is in progress (DTR drop, `+++`, ATH0); a dial waits for it.
        case hangingUp(then: DialRequest?)
    }

    public init(id: LineID, channel: Int, portName: String, profile: HayesProfile, eventLoop: any EventLoop) {
        self.id = id
        self.portName = portName
        self.profile = profile
        self.eventLoop = eventLoop
        self.capabilities = LineCapabilities(bearer: .analog, framing: .async, speeds: profile.speeds, channel: channel)
        self.engine = ATCommandEngine(dialect: profile.resultCodes)
        self.retryDelay = profile.timing.retryFirst
    }

    /// Opens the port and initialises the modem; the line is out of service until that works.
    public func start() {
        guard !started else { return }
        started = true
        restoreDue = true
        openPort()
    }

    /// Closes the port for good: a call in progress is cleared.
    public func stop() {
        started = false
        takeOutOfService("stopped", clearing: CallClearing(cause: .temporaryFailure, reason: .hardwareFailure), report: false)
    }

    // MARK: Line

    public var callState: LineCallState {
        switch phase {
        case .outOfService, .initialising: .failed
        case .idle, .ignoringRings: .idle
        case .dialing(let request): .dialing(request)
        case .ringing(let call, _, _): call.map { .ringing($0) } ?? .idle
        case .answering: .connecting
        case .connected(let transmit, let receive): .connected(transmitSpeed: transmit, receiveSpeed: receive)
        case .hangingUp(let then): then.map { .dialing($0) } ?? .idle
        }
    }

    public func dial(_ request: DialRequest) throws(LineError) {
        switch phase {
        case .outOfService, .initialising: throw .hardwareFailed(id)
        case .idle: break
        case .hangingUp(nil):
            guard request.bearer == .analog else {
                throw .bearerNotSupported(id, requested: request.bearer, supported: .analog)
            }
            phase = .hangingUp(then: request)
            return
        default: throw .notIdle(id, callState)
        }
        guard request.bearer == .analog else {
            throw .bearerNotSupported(id, requested: request.bearer, supported: .analog)
        }
        startDialing(request)
    }

    public func answer() throws(LineError) {
        guard case .ringing(.some, _, _) = phase else { throw .notRinging(id, callState) }
        cancelStep()
        phase = .answering
        submit(ATCommand("ATA", timeout: profile.timing.answer))
    }

    public func reject(cause: Q931Cause) throws(LineError) {
        guard case .ringing(_?, _, _) = phase else { throw .notRinging(id, callState) }
        // A modem cannot refuse a call without answering it: let it ring out unanswered.
        phase = .ignoringRings
        armRingSilence()
        report(.cleared(CallClearing(cause: cause, reason: .localHangUp)))
    }

    public func hangUp(cause: Q931Cause) {
        switch phase {
        case .outOfService, .initialising, .idle, .ignoringRings, .hangingUp(nil):
            return
        case .hangingUp(.some):
            // The dial waiting for the previous hang-up is abandoned before it started.
            phase = .hangingUp(then: nil)
            report(.cleared(CallClearing(cause: cause, reason: .localHangUp)))
        case .ringing(let call, _, _):
            guard call != nil else { return }
            try? reject(cause: cause)
        case .dialing, .answering, .connected:
            // Hanging up before the report, so a dial from the delegate waits for the hang-up.
            let wasInDataMode = engine.inDataMode
            endCall()
            phase = .hangingUp(then: nil)
            report(.cleared(CallClearing(cause: cause, reason: .localHangUp)))
            beginHangUp(dataMode: wasInDataMode)
        }
    }

    public func send(frame: ByteBuffer) {
        guard case .connected = phase, let call, let connection else { return }
        call.output.removeAll(keepingCapacity: true)
        frame.withUnsafeReadableBytes { call.encoder.encode($0, into: &call.output) }
        connection.write(call.output)
        counters.framesSent += 1
        counters.octetsSent += UInt64(frame.readableBytes)
    }

    public func setACCM(_ accm: ACCM) {
        self.accm = Self.effectiveACCM(accm, flowControl: profile.port.flowControl)
        call?.encoder.sendACCM = self.accm.send
        call?.decoder.receiveACCM = self.accm.receive
    }

    /// Under XON/XOFF flow control the port swallows DC1 and DC3, so they must always be
    /// escaped on send, whatever the peer asked for (RFC 1662 §7.1).
    static func effectiveACCM(_ accm: ACCM, flowControl: SerialPortSettings.FlowControl) -> ACCM {
        guard flowControl == .xonXoff else { return accm }
        let dc1DC3: UInt32 = 1 << 0x11 | 1 << 0x13
        return ACCM(send: accm.send | dc1DC3, receive: accm.receive)
    }

    public var statistics: LineStatistics {
        var statistics = counters
        guard let call else { return statistics }
        statistics.crcErrors += call.decoder.counters.crcErrors
        statistics.framingErrors += call.decoder.counters.framingErrors
        statistics.bufferOverruns += call.decoder.counters.bufferOverruns
        if let baseline = call.uartBaseline, let now = connection?.port.errorCounters() {
            // A UART framing, parity or break error breaks the frame it lands in.
            let uart = now.since(baseline)
            statistics.hardwareOverruns += uart.overrun
            statistics.framingErrors += uart.frame + uart.parity + uart.breaks
            statistics.bufferOverruns += uart.bufferOverrun
        }
        return statistics
    }

    // MARK: AT engine

    func submit(_ command: ATCommand) {
        perform(engine.submit(command, now: eventLoop.now))
    }

    func perform(_ actions: [ATEngineAction]) {
        for action in actions {
            switch action {
            case .write(let bytes): connection?.write(bytes)
            case .completed(let completion, let data): completed(completion, data: data)
            case .unsolicited(let response): unsolicited(response)
            case .timedOut(let command):
                takeOutOfService(
                    "modem on \(portName) did not answer \(command.text) within \(command.timeout.milliseconds) ms",
                    clearing: CallClearing(cause: .temporaryFailure, reason: .hardwareFailure))
                return
            }
        }
        armDeadline()
    }

    func armDeadline() {
        deadlineTimer?.cancel()
        deadlineTimer = nil
        guard let deadline = engine.nextDeadline else { return }
        deadlineTimer = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            guard let self else { return }
            self.perform(self.engine.expire(now: self.eventLoop.now))
        }
    }

    func completed(_ completion: ATCompletion, data: [UInt8]) {
        switch phase {
        case .initialising(let remaining):
            guard completion.result == .ok else {
                return takeOutOfService(
                    "modem on \(portName) answered \(completion.result) to \(completion.command.text)",
                    clearing: CallClearing(cause: .temporaryFailure, reason: .hardwareFailure))
            }
            if remaining > 1 {
                phase = .initialising(remaining: remaining - 1)
            } else {
                phase = .idle
                outOfServiceReason = nil
                retryDelay = profile.timing.retryFirst
                if restoreDue { report(.restored) }
                restoreDue = false
                failureReported = false
            }
        case .dialing(let request):
            if case .connect(let connect) = completion.result {
                establish(connect, requested: request.speeds, data: data)
            } else if let clearing = completion.result.clearing {
                phase = .idle
                report(.cleared(clearing))
            }
        case .answering:
            if case .connect(let connect) = completion.result {
                establish(connect, requested: .any, data: data)
            } else {
                phase = .idle
                report(.cleared(completion.result.clearing ?? CallClearing(cause: .normalUnspecified, reason: .noCarrier)))
            }
        case .hangingUp(let then):
            // ATH0's answer: OK, or ERROR from a modem that was already on hook. Either way idle.
            phase = .idle
            if let then { startDialing(then) }
        case .outOfService, .idle, .ringing, .ignoringRings, .connected:
            break
        }
    }

    func unsolicited(_ response: ModemResponse) {
        switch (phase, response) {
        case (.idle, .ring):
            phase = .ringing(nil, callerNumber: "", dialedNumber: "")
            if profile.commands.callerID.isEmpty { reportRinging(callerNumber: "", dialedNumber: "") }
            armRingSilence()
        case (.ringing(nil, let number, let dialed), .ring):
            // Caller ID comes between the first and second RING; by the second it is complete.
            reportRinging(callerNumber: number, dialedNumber: dialed)
            armRingSilence()
        case (.ringing(_?, _, _), .ring), (.ignoringRings, .ring):
            armRingSilence()
        case (.ringing(nil, _, let dialed), .callerID(.number(let number))):
            phase = .ringing(nil, callerNumber: number, dialedNumber: dialed)
            reportRinging(callerNumber: number, dialedNumber: dialed)
        case (.ringing(nil, let number, _), .callerID(.dialedNumber(let dialed))):
            phase = .ringing(nil, callerNumber: number, dialedNumber: dialed)
        default:
            // Stray results (NO CARRIER after our own hang-up), unused caller-ID fields, garbage.
            break
        }
    }

    /// Keeps the finished call's counters and drops its framer.
    func endCall() {
        if call != nil {
            counters = statistics
            call = nil
        }
        engine.leaveDataMode()
    }

    func report(_ event: LineEvent) {
        delegate?.line(self, didReport: event)
    }

    func schedule(after delay: TimeAmount, _ step: @escaping (HayesModemLine) -> Void) {
        stepTimer?.cancel()
        stepTimer = eventLoop.assumeIsolated().scheduleTask(in: delay) { [weak self] in
            guard let self else { return }
            self.stepTimer = nil
            step(self)
        }
    }

    func cancelStep() {
        stepTimer?.cancel()
        stepTimer = nil
    }
}

/// What exists only while a call is connected: the framer and the UART counters at connect.
final class CallFraming {
    var encoder: AsyncHDLCEncoder
    var decoder: AsyncHDLCDecoder
    let uartBaseline: UARTErrorCounters?
    /// The characters of the frame being sent, reused frame after frame.
    var output: [UInt8] = []

    init(accm: ACCM, uartBaseline: UARTErrorCounters?) {
        encoder = AsyncHDLCEncoder(sendACCM: accm.send)
        decoder = AsyncHDLCDecoder(receiveACCM: accm.receive)
        self.uartBaseline = uartBaseline
    }
}

extension TimeAmount {
    fileprivate var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
