import NIOCore
import PPTPWire

/// A scenario file: what to set up, what to do, and what the PNS must see (docs/scenarios.md).
public struct Scenario: Sendable {
    public var name: String
    public var file: String
    /// Seeds the simulated network's randomness (noise, training); `--seed` overrides it.
    public var seed: UInt64
    public var world: WorldSettings
    public var steps: [Step]
}

/// The virtual PAC a scenario runs against.
public struct WorldSettings: Sendable {
    public var analogLines = 8
    /// "realistic" or "quick" network timing (`NetworkTiming`).
    public var timing = "realistic"
    public var keepAliveInterval: TimeAmount = .seconds(60)
}

/// One step: where it is in the file, and what it does.
public struct Step: Sendable {
    public var line: Int
    public var action: Action
    /// How long to let (virtual) time pass for the step's expectation to hold.
    public var within: TimeAmount

    public enum Action: Sendable {
        /// Open the control connection (Start-Control-Connection-Request).
        case connect
        /// Outgoing-Call-Request to `number`; `call` names the call for later steps.
        case placeCall(call: String, number: String, bearer: BearerType, expect: CallReplyExpectation)
        /// A caller from the switch's plan rings a PAC line; the PNS answers (or refuses) it.
        case ring(call: String, line: Int, from: String, dialed: String, answer: Bool, expect: IncomingCallExpectation)
        /// PPP frames from the PNS over the call's GRE tunnel; the echoes coming back are counted.
        case sendFrames(call: String, count: Int, size: Int, echoed: NumberExpectation)
        /// New impairments for a line, named by number or by the call on it.
        case impair(LineReference, ImpairmentSettings)
        /// Let time pass.
        case wait(TimeAmount)
        /// WAN-Error-Notify (RFC 2637 §2.14) the PNS has received for a call.
        case expectWANErrors(call: String, WANErrorExpectation)
        /// Messages of each type the PNS has received since it connected.
        case expectMessages([(ControlMessageType, NumberExpectation)])
        /// Whether the control connection is up.
        case expectConnection(established: Bool)
        /// Call-Clear-Request from the PNS, then Call-Disconnect-Notify from the PAC.
        case hangUp(call: String, expect: DisconnectExpectation)
        /// The PAC clears the call by itself (operator hang-up via the engine).
        case pacHangUp(call: String, expect: DisconnectExpectation)
        /// A Call-Disconnect-Notify the PAC sends unprompted (lost carrier, far end cleared).
        case expectDisconnect(call: String, expect: DisconnectExpectation)
        /// Stop-Control-Connection-Request; the PAC replies and the connection closes.
        case disconnect
    }

    /// A short title for the summary and JUnit.
    public var title: String {
        switch action {
        case .connect: "connect"
        case .placeCall(let call, let number, _, _): "call \(call): dial \(number)"
        case .ring(let call, let line, let from, let dialed, let answer, _):
            "call \(call): \(from) rings line \(line) (dialed \(dialed)), PNS \(answer ? "answers" : "refuses")"
        case .sendFrames(let call, let count, let size, _): "call \(call): send \(count) frames of \(size) octets"
        case .impair(let line, let settings): "impair \(line): \(settings)"
        case .wait(let amount): "wait \(Durations.text(amount))"
        case .expectWANErrors(let call, _): "call \(call): expect WAN-Error-Notify"
        case .expectMessages(let expected): "expect messages \(expected.map { "\($0.0)" }.joined(separator: ", "))"
        case .expectConnection(let established): "expect the control connection \(established ? "established" : "closed")"
        case .hangUp(let call, _): "call \(call): PNS hangs up"
        case .pacHangUp(let call, _): "call \(call): PAC hangs up"
        case .expectDisconnect(let call, _): "call \(call): expect Call-Disconnect-Notify"
        case .disconnect: "disconnect"
        }
    }
}

/// A line by its number, or the line carrying a named call.
public enum LineReference: Sendable, CustomStringConvertible {
    case line(Int)
    case call(String)

    public var description: String {
        switch self {
        case .line(let id): "line \(id)"
        case .call(let name): "the line of call \(name)"
        }
    }
}

public struct ImpairmentSettings: Sendable, CustomStringConvertible {
    public var bitErrorRate: Double = 0
    public var latency: TimeAmount = .zero
    public var hardwareOverrunRate: Double = 0
    /// The carrier drops this long after the step.
    public var dropCarrierAfter: TimeAmount?

    public var description: String {
        var parts = ["ber \(bitErrorRate)", "latency \(Durations.text(latency))"]
        if hardwareOverrunRate > 0 { parts.append("overruns \(hardwareOverrunRate)") }
        if let dropCarrierAfter { parts.append("carrier drops after \(Durations.text(dropCarrierAfter))") }
        return parts.joined(separator: ", ")
    }
}

/// What an Outgoing-Call-Reply must say; nil fields are not checked.
public struct CallReplyExpectation: Sendable {
    public var result: OutgoingCallResult = .connected
    public var cause: NumberExpectation?
    public var error: NumberExpectation?
    public var connectSpeed: NumberExpectation?
}

/// What the offered call (Incoming-Call-Request) and its connection must say.
public struct IncomingCallExpectation: Sendable {
    public var dialed: String?
    public var dialing: String?
    public var bearer: BearerType?
    public var connectSpeed: NumberExpectation?
}

/// What a Call-Disconnect-Notify must say.
public struct DisconnectExpectation: Sendable {
    public var result: CallDisconnectResult?
    public var cause: NumberExpectation?
    public var error: NumberExpectation?
}

/// The WAN-Error-Notify messages of a call: how many, and the counters of the last one
/// (cumulative, RFC 2637 §2.14).
public struct WANErrorExpectation: Sendable {
    public var notifies: NumberExpectation?
    public var counters: [(WANCounter, NumberExpectation)] = []
}

public enum WANCounter: String, Sendable, CaseIterable {
    case crcErrors = "crc-errors"
    case framingErrors = "framing-errors"
    case hardwareOverruns = "hardware-overruns"
    case bufferOverruns = "buffer-overruns"
    case timeoutErrors = "timeout-errors"
    case alignmentErrors = "alignment-errors"

    func value(in notify: WANErrorNotify) -> UInt32 {
        switch self {
        case .crcErrors: notify.crcErrors
        case .framingErrors: notify.framingErrors
        case .hardwareOverruns: notify.hardwareOverruns
        case .bufferOverruns: notify.bufferOverruns
        case .timeoutErrors: notify.timeoutErrors
        case .alignmentErrors: notify.alignmentErrors
        }
    }
}
