import LineHAL
import NIOCore

/// How to drive one family of Hayes-compatible modems: a file in `Hardware/hayes/`
/// (keys in docs/serial-modems.md). Quirks are data here, so a new model is a new file.
public struct HayesProfile: Sendable, Hashable {
    public enum DialMode: String, Sendable, Hashable, CaseIterable {
        case tone, pulse
        var letter: String { self == .tone ? "T" : "P" }
    }

    /// The commands that bring the modem to a known state, in the order they are sent.
    public struct Commands: Sendable, Hashable {
        /// e.g. `ATZ`: back to stored settings; gets the longer `resetTimeout`.
        public var reset: String
        /// Factory settings and the family's options (error control, compression, flow control).
        public var initialise: String
        /// Speaker volume and when it is on; empty to leave it.
        public var speaker: String
        /// `ATS0=0`: the driver answers, never the modem on its own.
        public var autoAnswerOff: String
        /// Formatted caller ID on (`AT#CID=1`, `AT+VCID=1`); empty if the modem has none.
        public var callerID: String

        public init(reset: String, initialise: String, speaker: String, autoAnswerOff: String, callerID: String) {
            self.reset = reset
            self.initialise = initialise
            self.speaker = speaker
            self.autoAnswerOff = autoAnswerOff
            self.callerID = callerID
        }
    }

    /// Every wait the driver makes; a modem that exceeds one is taken out of service.
    public struct Timing: Sendable, Hashable {
        public var command: TimeAmount
        public var reset: TimeAmount
        /// ATD to its result: longer than the modem's own S7 carrier wait.
        public var dial: TimeAmount
        public var answer: TimeAmount
        /// How long DTR stays low to hang up (&D2).
        public var dtrDrop: TimeAmount
        /// Silence before and after `+++` (S12).
        public var escapeGuard: TimeAmount
        /// How often DCD is read during a call.
        public var signalPoll: TimeAmount
        /// No RING for this long: the caller gave up.
        public var ringSilence: TimeAmount
        /// Re-open attempts after a failure start at `retryFirst` and double up to `retryMaximum`.
        public var retryFirst: TimeAmount
        public var retryMaximum: TimeAmount

        public init(
            command: TimeAmount, reset: TimeAmount, dial: TimeAmount, answer: TimeAmount, dtrDrop: TimeAmount,
            escapeGuard: TimeAmount, signalPoll: TimeAmount, ringSilence: TimeAmount, retryFirst: TimeAmount,
            retryMaximum: TimeAmount
        ) {
            self.command = command
            self.reset = reset
            self.dial = dial
            self.answer = answer
            self.dtrDrop = dtrDrop
            self.escapeGuard = escapeGuard
            self.signalPoll = signalPoll
            self.ringSilence = ringSilence
            self.retryFirst = retryFirst
            self.retryMaximum = retryMaximum
        }
    }

    public var name: String
    public var summary: String
    public var port: SerialPortSettings
    /// Line speeds the modem can connect at.
    public var speeds: SpeedRange
    public var commands: Commands
    public var dialMode: DialMode
    public var resultCodes: ResultCodeDialect
    /// Hang up by dropping DTR (`AT&D2`); otherwise (`AT&D0`) by `+++` and `ATH0`.
    public var hangUpByDTR: Bool
    public var timing: Timing

    public init(
        name: String, summary: String, port: SerialPortSettings, speeds: SpeedRange, commands: Commands,
        dialMode: DialMode, resultCodes: ResultCodeDialect, hangUpByDTR: Bool, timing: Timing
    ) {
        self.name = name
        self.summary = summary
        self.port = port
        self.speeds = speeds
        self.commands = commands
        self.dialMode = dialMode
        self.resultCodes = resultCodes
        self.hangUpByDTR = hangUpByDTR
        self.timing = timing
    }

    /// The initialisation sequence: the profile's commands, then result-code form and DTR
    /// behaviour, which the driver depends on and therefore sets itself.
    var initialisation: [ATCommand] {
        var sequence = [ATCommand(commands.reset, timeout: timing.reset)]
        let verbose = if case .verbose = resultCodes { "ATV1" } else { "ATV0" }
        for text in [
            commands.initialise, commands.speaker, commands.autoAnswerOff, commands.callerID, verbose,
            hangUpByDTR ? "AT&D2" : "AT&D0", "AT&C1",
        ] where !text.isEmpty {
            sequence.append(ATCommand(text, timeout: timing.command))
        }
        return sequence
    }
}
