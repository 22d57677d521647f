import HDLC
import LineHAL
import NIOCore

/// A simulated line: an analog modem or one ISDN B-channel, made by a `SimulatedSwitch` and
/// living on its event loop. Frames cross the call as real HDLC on a paced, impairable wire.
///
/// An idle line holds no framer, wire or timer: those exist only while a call is up.
public final class SimulatedLine: Line {
    /// What the line is physically.
    public enum Medium: Sendable, Hashable {
        case modem(ModemProfile)
        case bChannel(ISDNSpanProfile)
    }

    public let id: LineID
    public let capabilities: LineCapabilities
    public let medium: Medium
    public weak var delegate: (any LineDelegate)?
    public private(set) var callState: LineCallState = .idle
    public private(set) var accm = ACCM.default
    /// What is wrong with the line now; changes apply to a call in progress at once.
    public var impairments = Impairments.none {
        didSet { impairmentsChanged() }
    }

    /// The switch the line hangs on. Held strongly: the switch keeps no reference to its lines.
    let network: SimulatedSwitch
    /// The switch's next step for the call being set up (ring, answer, train-up, give up).
    var pendingStep: Scheduled<Void>?
    /// Who is calling while an incoming call rings: answering connects to its far end.
    var remoteParty: Subscriber?
    private var carrierLossTimer: Scheduled<Void>?
    private var call: ConnectedCall?
    /// Counters of the current (or last) call that framing does not keep.
    private var counters = LineStatistics()
    /// Calls this line has connected; keeps each call's noise independent of the others'.
    private var callsConnected: UInt64 = 0

    init(id: LineID, channel: Int, medium: Medium, network: SimulatedSwitch) {
        self.id = id
        self.medium = medium
        self.network = network
        switch medium {
        case .modem(let modem):
            capabilities = LineCapabilities(
                bearer: .analog, framing: .async,
                speeds: SpeedRange(minimum: modem.minimumSpeed, maximum: modem.maximumDownstreamSpeed), channel: channel)
        case .bChannel(let span):
            capabilities = LineCapabilities(
                bearer: .digital, framing: .sync,
                speeds: SpeedRange(minimum: span.channelSpeed, maximum: span.channelSpeed), channel: channel)
        }
    }

    public var eventLoop: any EventLoop { network.eventLoop }

    // MARK: Line

    public func dial(_ request: DialRequest) throws(LineError) {
        guard callState == .idle else {
            throw callState == .failed ? .hardwareFailed(id) : .notIdle(id, callState)
        }
        guard request.bearer == capabilities.bearer else {
            throw .bearerNotSupported(id, requested: request.bearer, supported: capabilities.bearer)
        }
        callState = .dialing(request)
        network.placeCall(from: self, request)
    }

    public func answer() throws(LineError) {
        guard case .ringing = callState else { throw .notRinging(id, callState) }
        callState = .connecting
        network.answer(self)
    }

    public func reject(cause: Q931Cause) throws(LineError) {
        guard case .ringing = callState else { throw .notRinging(id, callState) }
        clear(CallClearing(cause: cause, reason: .localHangUp))
    }

    public func hangUp(cause: Q931Cause) {
        clear(CallClearing(cause: cause, reason: .localHangUp))
    }

    public func send(frame: ByteBuffer) {
        guard let call, case .connected = callState else { return }
        if call.toFarEnd.isDelivering {
            // Sent from inside a delivery of this call's: an unpaced wire may be passing
            // `output` itself to the far end right now, so this frame takes its own buffer.
            var characters: [UInt8] = []
            encodeAndSend(frame, into: &characters, on: call)
        } else {
            encodeAndSend(frame, into: &call.output, on: call)
        }
        counters.framesSent += 1
        counters.octetsSent += UInt64(frame.readableBytes)
    }

    private func encodeAndSend(_ frame: ByteBuffer, into characters: inout [UInt8], on call: ConnectedCall) {
        characters.removeAll(keepingCapacity: true)
        frame.withUnsafeReadableBytes { call.framer.encode($0, into: &characters) }
        characters.withUnsafeBytes { network.scheduler.send($0, on: call.toFarEnd) }
    }

    public func setACCM(_ accm: ACCM) {
        guard capabilities.framing == .async else { return }
        self.accm = accm
        call?.framer.setACCM(accm)
    }

    public var statistics: LineStatistics {
        var statistics = counters
        if let framing = call?.framer.counters {
            statistics.crcErrors = framing.crcErrors
            statistics.framingErrors = framing.framingErrors
            statistics.alignmentErrors = framing.alignmentErrors
            statistics.bufferOverruns = framing.bufferOverruns
        }
        return statistics
    }

    // MARK: Driver faults

    /// The hardware fails: a call in progress is cleared and the line refuses calls until
    /// `repairHardware()`.
    public func failHardware(_ reason: String) {
        clear(CallClearing(cause: .temporaryFailure, reason: .hardwareFailure))
        callState = .failed
        delegate?.line(self, didReport: .hardwareFailure(reason))
    }

    public func repairHardware() {
        guard callState == .failed else { return }
        callState = .idle
        delegate?.line(self, didReport: .restored)
    }

    // MARK: Driven by the switch

    func reportAlerting() {
        delegate?.line(self, didReport: .alerting)
    }

    func beginRinging(_ incoming: IncomingCall, from caller: Subscriber) {
        callState = .ringing(incoming)
        remoteParty = caller
        delegate?.line(self, didReport: .incomingCall(incoming))
    }

    func beginConnecting() {
        callState = .connecting
    }

    /// The call is up: counters and ACCM start afresh (RFC 2637 §2.14, §2.15), the far end
    /// gets the other side of a paced wire.
    func establish(farEnd: any FarEnd, transmitSpeed: Int, receiveSpeed: Int) {
        pendingStep = nil
        callsConnected += 1
        let stream = UInt64(id.rawValue) << 32 | callsConnected << 1
        let bitsPerCharacter = capabilities.framing == .async ? 10 : 8
        accm = .default
        let call = ConnectedCall(
            framer: LineFramer(framing: capabilities.framing, accm: accm),
            toFarEnd: PacedWire(
                bitsPerSecond: transmitSpeed, bitsPerCharacter: bitsPerCharacter, appliesOverruns: false,
                random: SeededRandom(seed: network.seed, stream: stream)),
            toLine: PacedWire(
                bitsPerSecond: receiveSpeed, bitsPerCharacter: bitsPerCharacter, appliesOverruns: true,
                random: SeededRandom(seed: network.seed, stream: stream | 1)),
            farEnd: farEnd)
        self.call = call
        counters = LineStatistics()
        call.toFarEnd.configure(impairments)
        call.toLine.configure(impairments)
        // Strong captures: every frame crosses these closures, and a weak reference would give
        // the line a side table, which makes every retain of it the runtime's slow path (one
        // more cache miss per frame with thousands of calls; docs/performance.md). The cycles
        // they make end with the call: `close()` resets the wires' closures and stops the far
        // end, which drops its port.
        call.toFarEnd.deliver = { characters in farEnd.receive(characters) }
        call.toLine.deliver = { characters in self.receive(characters) }
        call.toLine.onOverrun = { lost in self.counters.hardwareOverruns += UInt64(lost) }
        let scheduler = network.scheduler
        let toLine = call.toLine
        farEnd.start(
            port: CircuitPort(
                transmit: { characters in scheduler.send(characters, on: toLine) },
                hangUp: { clearing in self.clear(clearing) }))
        callState = .connected(transmitSpeed: transmitSpeed, receiveSpeed: receiveSpeed)
        scheduleCarrierLoss()
        delegate?.line(self, didReport: .connected(transmitSpeed: transmitSpeed, receiveSpeed: receiveSpeed))
    }

    /// Ends the call or attempt, whoever ends it; every call ends with exactly one `.cleared`.
    func clear(_ clearing: CallClearing) {
        switch callState {
        case .idle, .failed: return
        case .dialing, .ringing, .connecting, .connected: break
        }
        var whileRinging = false
        if case .ringing = callState { whileRinging = true }
        pendingStep?.cancel()
        pendingStep = nil
        carrierLossTimer?.cancel()
        carrierLossTimer = nil
        remoteParty = nil
        if let call {
            counters = statistics
            call.close()
            self.call = nil
        }
        callState = .idle
        network.signalClearing(self, clearing, whileRinging: whileRinging)
        delegate?.line(self, didReport: .cleared(clearing))
    }

    // MARK: Private

    /// Decodes first and delivers after: the delegate may send on this line, whose framer must
    /// not be in use then. What it sends comes back in a later delivery, never inside this one
    /// (a wire does not deliver while it is delivering: `PacedWire.flush`, `WireScheduler`).
    /// The list keeps its capacity from frame to frame.
    private func receive(_ characters: UnsafeRawBufferPointer) {
        guard let call else { return }
        call.framer.decode(characters) { call.received.append(ByteBuffer(lineFrame: $0)) }
        call.received.handOver { frame in
            guard self.call === call else { return false }  // the delegate may hang up
            counters.framesReceived += 1
            counters.octetsReceived += UInt64(frame.readableBytes)
            delegate?.line(self, didReceive: consume frame)
            return true
        }
    }

    private func impairmentsChanged() {
        guard let call else { return }
        call.toFarEnd.configure(impairments)
        call.toLine.configure(impairments)
        scheduleCarrierLoss()
    }

    private func scheduleCarrierLoss() {
        carrierLossTimer?.cancel()
        carrierLossTimer = nil
        guard let deadline = impairments.carrierLoss else { return }
        // Strong, like the switch's steps: cancelled when the call clears.
        carrierLossTimer = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.loseCarrier()
        }
    }

    /// The carrier-detect timer expired: one time-out, and the call is gone.
    private func loseCarrier() {
        carrierLossTimer = nil
        guard case .connected = callState else { return }
        counters.timeouts += 1
        clear(CallClearing(cause: .temporaryFailure, reason: .carrierLost))
    }
}

/// What exists only while a call is up.
///
/// `@exclusivity(unchecked)` on what every frame touches: the framer is used by `send` and by
/// `receive`, never one inside the other (`receive` decodes fully before it delivers), and
/// the buffers only by the statement that fills or empties them (docs/performance.md).
private final class ConnectedCall {
    @exclusivity(unchecked) var framer: LineFramer
    let toFarEnd: PacedWire
    let toLine: PacedWire
    let farEnd: any FarEnd
    @exclusivity(unchecked) var output: [UInt8] = []
    /// Frames decoded from one delivery of characters, waiting to go to the delegate.
    @exclusivity(unchecked) var received: [ByteBuffer] = []

    init(framer: LineFramer, toFarEnd: PacedWire, toLine: PacedWire, farEnd: any FarEnd) {
        self.framer = framer
        self.toFarEnd = toFarEnd
        self.toLine = toLine
        self.farEnd = farEnd
    }

    func close() {
        toFarEnd.close()
        toLine.close()
        farEnd.stop()
    }
}
