import NIOCore

/// One AT command and how long the modem may take to give its final result.
public struct ATCommand: Sendable, Hashable, CustomStringConvertible {
    /// The command line without its CR, e.g. `ATZ`, `ATDT5551234`.
    public var text: String
    public var timeout: TimeAmount

    public init(_ text: String, timeout: TimeAmount) {
        self.text = text
        self.timeout = timeout
    }

    public var description: String { text }

    /// ITU-T V.250 §6.3.1, §6.3.5: dialling (D without a trailing `;`) and answering (A) end
    /// with the call's result, CONNECT or why there is none, never with OK. An OK while one is
    /// outstanding is a stray line (noise, or a late answer to something else), not its end.
    var startsCall: Bool {
        let command = text.uppercased()
        return (command.hasPrefix("ATD") && !command.hasSuffix(";")) || command == "ATA"
    }
}

/// How a command ended.
public struct ATCompletion: Sendable, Hashable {
    public var command: ATCommand
    public var result: FinalResult
    /// Lines the modem printed before the final result (ATI output, S-register values).
    public var information: [String]
}

/// What the engine asks its driver to do or tells it.
public enum ATEngineAction: Sendable, Hashable {
    /// Write these characters to the modem.
    case write([UInt8])
    /// A command got its final result. For CONNECT the modem is now in data mode: the engine
    /// stops reading, and `dataAfterConnect` holds the characters that followed CONNECT in the
    /// same read — the call's first data, for the framer.
    case completed(ATCompletion, dataAfterConnect: [UInt8])
    /// A line nobody asked for: RING, caller ID, NO CARRIER after a call, or garbage.
    case unsolicited(ModemResponse)
    /// The command got no final result in time; the engine forgot it and every queued command.
    case timedOut(ATCommand)
}

/// The AT command/response protocol of one modem, without I/O (the sans-I/O style of
/// PPTPProtocol): commands and received characters go in with `now`, writes, results and
/// the next deadline come out. One command is outstanding at a time (V.250 §5.2.4); others
/// wait in order.
///
/// Echo is tolerated whether or not ATE0 took effect: a line equal to the outstanding command,
/// before any other line of its answer, is its echo. Unsolicited result codes may arrive
/// between a command and its answer; they are passed on, never taken as the answer.
public struct ATCommandEngine: Sendable {
    /// Lines kept as one command's information, at most; more are dropped (bounded memory).
    public static let maximumInformationLines = 64

    public var dialect: ResultCodeDialect
    private var splitter: ATLineSplitter
    private var queue: [ATCommand] = []
    private var outstanding: Outstanding?
    /// After CONNECT: characters are the call's, not the engine's, until `leaveDataMode()`.
    public private(set) var inDataMode = false

    private struct Outstanding: Sendable {
        var command: ATCommand
        var deadline: NIODeadline
        var answered = false
        var information: [String] = []
        /// Rockwell-style report lines seen before CONNECT.
        var report = ConnectReport()
    }

    public init(dialect: ResultCodeDialect, maximumLineLength: Int = 256) {
        self.dialect = dialect
        self.splitter = ATLineSplitter(maximumLength: maximumLineLength)
    }

    /// Lines dropped for length, and characters dropped as unprintable: garbage from the modem.
    public var overlongLines: UInt64 { splitter.overlongLines }
    public var unprintableCharacters: UInt64 { splitter.unprintableCharacters }

    /// When `expire(now:)` must be called; nil while no command is outstanding.
    public var nextDeadline: NIODeadline? { outstanding?.deadline }

    /// The command waiting for its answer, if any.
    public var outstandingCommand: ATCommand? { outstanding?.command }

    // MARK: Inputs

    /// Queues a command; sends it now if the modem is not busy with another.
    public mutating func submit(_ command: ATCommand, now: NIODeadline) -> [ATEngineAction] {
        precondition(!inDataMode, "AT command \(command) submitted while the modem is in data mode")
        queue.append(command)
        return sendNext(now: now)
    }

    /// Feeds characters read from the modem. In data mode they are not looked at.
    public mutating func receive(_ characters: some Collection<UInt8>, now: NIODeadline) -> [ATEngineAction] {
        guard !inDataMode else { return [] }
        var actions: [ATEngineAction] = []
        var index = characters.startIndex
        while index != characters.endIndex {
            let byte = characters[index]
            index = characters.index(after: index)
            guard let line = splitter.feed(byte) else { continue }
            handle(line: line, now: now, actions: &actions)
            if inDataMode {
                let rest = [UInt8](characters[index...])
                // CONNECT is followed by CR LF; the LF belongs to the result code, not the call.
                let data = rest.first == 0x0A ? Array(rest.dropFirst()) : rest
                if let last = actions.indices.last, case .completed(let completion, _) = actions[last] {
                    actions[last] = .completed(completion, dataAfterConnect: data)
                }
                return actions
            }
        }
        return actions
    }

    /// Times out the outstanding command if its deadline has passed.
    public mutating func expire(now: NIODeadline) -> [ATEngineAction] {
        guard let outstanding, outstanding.deadline <= now else { return [] }
        reset()
        return [.timedOut(outstanding.command)]
    }

    /// The call is over and the modem is back in command mode (carrier lost, `+++`, DTR drop).
    public mutating func leaveDataMode() {
        inDataMode = false
        splitter.reset()
    }

    /// Forgets every command and partial line: the modem is being reset or was lost.
    public mutating func reset() {
        queue.removeAll()
        outstanding = nil
        inDataMode = false
        splitter.reset()
    }

    // MARK: Private

    private mutating func sendNext(now: NIODeadline) -> [ATEngineAction] {
        guard outstanding == nil, !inDataMode, !queue.isEmpty else { return [] }
        let command = queue.removeFirst()
        outstanding = Outstanding(command: command, deadline: now + command.timeout)
        return [.write(Array(command.text.utf8) + [0x0D])]
    }

    private mutating func handle(line: String, now: NIODeadline, actions: inout [ATEngineAction]) {
        if var current = outstanding, !current.answered,
            line.matchesIgnoringCase(current.command.text)
        {
            current.answered = true
            outstanding = current
            return
        }
        let response = dialect.response(to: line)
        guard var current = outstanding else {
            actions.append(.unsolicited(response))
            return
        }
        current.answered = true
        switch response {
        case .final(.ok) where current.command.startsCall:
            // The dial or answer goes on, to its own result or its deadline.
            outstanding = current
        case .final(let result):
            outstanding = nil
            var result = result
            if case .connect(let report) = result {
                result = .connect(report.merging(current.report))
                inDataMode = true
            }
            actions.append(
                .completed(ATCompletion(command: current.command, result: result, information: current.information), dataAfterConnect: []))
            if !inDataMode { actions += sendNext(now: now) }
        case .carrier(let speed):
            current.report.carrierSpeed = speed
            outstanding = current
        case .protocolReport(let word):
            current.report.note(word)
            outstanding = current
        case .text(let text):
            if current.information.count < Self.maximumInformationLines { current.information.append(text) }
            outstanding = current
        case .ring, .callerID:
            outstanding = current
            actions.append(.unsolicited(response))
        }
    }
}

extension String {
    fileprivate func matchesIgnoringCase(_ other: String) -> Bool {
        count == other.count && uppercased() == other.uppercased()
    }
}

extension ConnectReport {
    /// The CONNECT line's facts, completed by the report lines that came before it.
    fileprivate func merging(_ earlier: ConnectReport) -> ConnectReport {
        var merged = self
        merged.carrierSpeed = carrierSpeed ?? earlier.carrierSpeed
        merged.modulation = modulation ?? earlier.modulation
        merged.errorControl = errorControl ?? earlier.errorControl
        merged.compression = compression ?? earlier.compression
        return merged
    }
}
