import LineHAL
import NIOCore
import PPTPWire

/// The keys of one step's mapping, read strictly into a `Step`.
struct StepReader {
    var yaml: YAMLMappingReader

    init(_ yaml: YAMLMappingReader) {
        self.yaml = yaml
    }

    func finish() throws(ProfileError) { try yaml.finish() }

    private func invalid(_ key: String, _ problem: String) -> ProfileError {
        ProfileError(file: yaml.file, line: yaml.line(of: key), key: yaml.keyPath(key), problem: problem)
    }

    // MARK: Values

    mutating func duration(_ key: String) throws(ProfileError) -> TimeAmount {
        let text = try yaml.string(key)
        guard let amount = Durations.parse(text) else {
            throw invalid(key, "'\(text)' is not a duration such as 500ms, 30s, 10m or 1h")
        }
        return amount
    }

    mutating func probability(_ key: String) throws(ProfileError) -> Double {
        let text = try yaml.string(key)
        guard let value = Double(text), (0...1).contains(value) else {
            throw invalid(key, "'\(text)' is not a probability between 0 and 1 (such as 1e-4)")
        }
        return value
    }

    mutating func expectation(_ key: String) throws(ProfileError) -> NumberExpectation? {
        guard yaml.has(key) else { return nil }
        let text = try yaml.string(key)
        guard let expectation = NumberExpectation(text) else {
            throw invalid(key, "'\(text)' is not a number or a quoted bound such as \">= 1\", \"< 10\"")
        }
        return expectation
    }

    /// A result code by its RFC 2637 name in lower case with dashes ("no-carrier").
    mutating func code<Code: PPTPCode>(_ key: String, of: Code.Type) throws(ProfileError) -> Code where Code.RawValue == UInt8 {
        let text = try yaml.string(key)
        let names = Code.definedNames.sorted { $0.key < $1.key }.map { (code: $0.key, name: CodeNames.kebab($0.value)) }
        guard let found = names.first(where: { $0.name == text }) else {
            throw invalid(key, "'\(text)' is not one of: \(names.map(\.name).joined(separator: ", "))")
        }
        return Code(rawValue: found.code)!
    }

    /// The name of a call an earlier step made.
    mutating func knownCall(_ calls: Set<String>) throws(ProfileError) -> String {
        let name = try yaml.string("call")
        guard calls.contains(name) else {
            throw invalid("call", "no earlier step makes a call named '\(name)' (calls so far: \(calls.sorted().joined(separator: ", ")))")
        }
        return name
    }

    /// The name of the call this step makes.
    mutating func newCall(_ calls: inout Set<String>) throws(ProfileError) -> String {
        let name = try yaml.string("call")
        guard calls.insert(name).inserted else { throw invalid("call", "an earlier step already makes a call named '\(name)'") }
        return name
    }

    // MARK: Steps

    mutating func step(_ kind: String, line: Int, calls: inout Set<String>) throws(ProfileError) -> Step {
        let waitsByDefault: TimeAmount = kind.hasPrefix("expect-") ? .zero : .minutes(2)
        let within = yaml.has("within") ? try duration("within") : waitsByDefault
        let action: Step.Action
        switch kind {
        case "connect":
            action = .connect
        case "disconnect":
            action = .disconnect
        case "call":
            let call = try newCall(&calls)
            let number = try yaml.string("number")
            let bearer = yaml.has("bearer") ? try yaml.choice("bearer", of: BearerName.self).type : .any
            action = .placeCall(call: call, number: number, bearer: bearer, expect: try callReplyExpectation())
        case "ring":
            let call = try newCall(&calls)
            let lineID = try yaml.integer("line", in: 1...65535)
            let from = try yaml.string("from")
            let dialed = yaml.has("dialed") ? try yaml.string("dialed") : "5550000"
            let answer = yaml.has("answer") ? try yaml.boolean("answer") : true
            action = .ring(call: call, line: lineID, from: from, dialed: dialed, answer: answer, expect: try incomingExpectation())
        case "send-frames":
            let call = try knownCall(calls)
            let count = try yaml.integer("count", in: 1...10_000)
            let size = yaml.has("size") ? try yaml.integer("size", in: 4...1500) : 100
            let echoed = try expectation("expect-echoed") ?? NumberExpectation(.equal, count)
            action = .sendFrames(call: call, count: count, size: size, echoed: echoed)
        case "impair":
            let target: LineReference
            switch (yaml.has("line"), yaml.has("call")) {
            case (true, false): target = .line(try yaml.integer("line", in: 1...65535))
            case (false, true): target = .call(try knownCall(calls))
            default: throw ProfileError(file: yaml.file, line: yaml.line, key: yaml.path, problem: "name either 'line' or 'call'")
            }
            var settings = ImpairmentSettings()
            if yaml.has("ber") { settings.bitErrorRate = try probability("ber") }
            if yaml.has("latency") { settings.latency = try duration("latency") }
            if yaml.has("hardware-overrun-rate") { settings.hardwareOverrunRate = try probability("hardware-overrun-rate") }
            if yaml.has("drop-carrier-after") { settings.dropCarrierAfter = try duration("drop-carrier-after") }
            action = .impair(target, settings)
        case "expect-wan-errors":
            let call = try knownCall(calls)
            var expectation = WANErrorExpectation(notifies: try self.expectation("notifies"))
            for counter in WANCounter.allCases {
                if let expected = try self.expectation(counter.rawValue) { expectation.counters.append((counter, expected)) }
            }
            action = .expectWANErrors(call: call, expectation)
        case "expect-messages":
            var expected: [(ControlMessageType, NumberExpectation)] = []
            for key in yaml.keys where key != "within" {
                guard let type = ControlMessageType.allCases.first(where: { "\($0)" == key }) else {
                    throw invalid(key, "not a control message name; allowed: \(ControlMessageType.allCases.map { "\($0)" }.joined(separator: ", "))")
                }
                expected.append((type, try expectation(key)!))
            }
            action = .expectMessages(expected)
        case "hang-up":
            let call = try knownCall(calls)
            let side = yaml.has("by") ? try yaml.choice("by", of: Side.self) : .pns
            let expect = try disconnectExpectation()
            action = side == .pns ? .hangUp(call: call, expect: expect) : .pacHangUp(call: call, expect: expect)
        case "expect-disconnect":
            action = .expectDisconnect(call: try knownCall(calls), expect: try disconnectExpectation())
        default:
            preconditionFailure("step kind \(kind) is listed in ScenarioParser.stepKinds but not read")
        }
        return Step(line: line, action: action, within: within)
    }

    private enum Side: String, CaseIterable { case pns, pac }

    private enum BearerName: String, CaseIterable {
        case any, analog, digital
        var type: BearerType {
            switch self {
            case .any: .any
            case .analog: .analog
            case .digital: .digital
            }
        }
    }

    // MARK: Expectations

    private mutating func callReplyExpectation() throws(ProfileError) -> CallReplyExpectation {
        var expect = CallReplyExpectation()
        guard yaml.has("expect") else { return expect }
        var reader = StepReader(try yaml.mapping("expect"))
        if reader.yaml.has("result") { expect.result = try reader.code("result", of: OutgoingCallResult.self) }
        expect.cause = try reader.expectation("cause")
        expect.error = try reader.expectation("error")
        expect.connectSpeed = try reader.expectation("connect-speed")
        try reader.finish()
        return expect
    }

    private mutating func incomingExpectation() throws(ProfileError) -> IncomingCallExpectation {
        var expect = IncomingCallExpectation()
        guard yaml.has("expect") else { return expect }
        var reader = StepReader(try yaml.mapping("expect"))
        if reader.yaml.has("dialed") { expect.dialed = try reader.yaml.string("dialed") }
        if reader.yaml.has("dialing") { expect.dialing = try reader.yaml.string("dialing") }
        if reader.yaml.has("bearer") { expect.bearer = try reader.yaml.choice("bearer", of: BearerName.self).type }
        expect.connectSpeed = try reader.expectation("connect-speed")
        try reader.finish()
        return expect
    }

    private mutating func disconnectExpectation() throws(ProfileError) -> DisconnectExpectation {
        var expect = DisconnectExpectation()
        guard yaml.has("expect") else { return expect }
        var reader = StepReader(try yaml.mapping("expect"))
        if reader.yaml.has("result") { expect.result = try reader.code("result", of: CallDisconnectResult.self) }
        expect.cause = try reader.expectation("cause")
        expect.error = try reader.expectation("error")
        try reader.finish()
        return expect
    }
}
