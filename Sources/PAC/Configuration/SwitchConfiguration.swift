import Foundation
import LineHAL
import SimulatedLines

/// The `switch:` section: the simulated switch's numbers and what answers them, on top of the
/// embedded default plan (README.md) or instead of it (docs/configuration.md).
public struct SwitchConfiguration: Sendable, Equatable {
    /// true: only `numbers` exist; false: they are added to the default plan and win where they overlap it.
    public var replaceDefaultPlan = false
    public var numbers: [SimulatedWorld.TestNumbers] = []

    public init() {}

    /// The plan the switch runs, in order: a later block's number replaces an earlier one's.
    public var numberPlan: [SimulatedWorld.TestNumbers] {
        replaceDefaultPlan ? numbers : SimulatedWorld.defaultNumberPlan + numbers
    }

    /// One line per block, `  5550300–5550399  analog: answers after 2 rings, …`, for the
    /// start banner and `pac check-config`.
    public static func table(_ plan: [SimulatedWorld.TestNumbers]) -> String {
        plan.enumerated().map { index, block in
            let overridden = plan[(index + 1)...].contains { $0.numbers.overlaps(block.numbers) }
            return "  \(block.range.padding(toLength: 16, withPad: " ", startingAt: 0)) \(block.summary)"
                + (overridden ? " (except numbers a later line gives)" : "") + "\n"
        }.joined()
    }

    /// Longest number E.164 allows (ITU-T E.164 §6).
    static let maximumDigits = 15
    /// Numbers in one block: each becomes a subscriber of the switch.
    static let maximumBlock = 10_000

    static func parse(_ root: inout YAMLMappingReader) throws(ProfileError) -> SwitchConfiguration {
        var section = try root.mapping("switch")
        var configuration = SwitchConfiguration()
        if section.has("replace-default-plan") { configuration.replaceDefaultPlan = try section.boolean("replace-default-plan") }
        if section.has("numbers") {
            for entry in try section.mappings("numbers") {
                let block = try parseBlock(entry)
                if let earlier = configuration.numbers.first(where: { $0.numbers.overlaps(block.numbers) }) {
                    throw ProfileError(
                        file: entry.file, line: entry.line(of: "numbers"), key: entry.keyPath("numbers"),
                        problem: "\(block.range) overlaps \(earlier.range) of an earlier entry")
                }
                configuration.numbers.append(block)
            }
        }
        try section.finish()
        return configuration
    }

    private static func parseBlock(_ entry: YAMLMappingReader) throws(ProfileError) -> SimulatedWorld.TestNumbers {
        var entry = entry
        let (numbers, digits) = try numberRange(&entry)
        let behaviourName = entry.has("behaviour") ? try entry.choice("behaviour", of: BehaviourName.self) : .answer
        let behaviour: Subscriber.Behaviour
        switch behaviourName {
        case .answer: behaviour = .answer(afterRings: entry.has("rings") ? try entry.integer("rings", in: 0...50) : 1)
        case .busy: behaviour = .busy
        case .noAnswer: behaviour = .noAnswer
        case .congestion: behaviour = .congestion
        case .reject:
            let code = try entry.integer("cause", in: 1...127)
            guard let cause = Q931Cause(rawValue: UInt8(code)) else {
                throw invalid(entry, "cause", "\(code) is not a Q.931 cause the switch knows (\(knownCauses))")
            }
            behaviour = .reject(cause)
        }
        for (key, owner) in [("rings", BehaviourName.answer), ("cause", .reject)] where entry.has(key) && behaviourName != owner {
            throw invalid(entry, key, "only for behaviour \(owner.rawValue), this entry's is \(behaviourName.rawValue)")
        }
        let farEnd = entry.has("far-end") ? try farEndKind(&entry) : .echo
        let bearer = entry.has("bearer") ? try entry.choice("bearer", of: BearerName.self) : .analog
        try entry.finish()
        return SimulatedWorld.TestNumbers(numbers: numbers, digits: digits, behaviour: behaviour, isdn: bearer == .isdn, farEnd: farEnd)
    }

    /// `5550300` or `5550300-5550399`: both ends of the same length, leading zeros kept.
    private static func numberRange(_ entry: inout YAMLMappingReader) throws(ProfileError) -> (ClosedRange<Int>, digits: Int) {
        let text = try entry.string("numbers")
        let ends = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(ends.count), ends.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            throw invalid(entry, "numbers", "'\(text)' is not a number or a range such as 5550300-5550399")
        }
        guard ends.allSatisfy({ $0.count <= maximumDigits }) else {
            throw invalid(entry, "numbers", "'\(text)': a number has at most \(maximumDigits) digits (E.164)")
        }
        guard ends.allSatisfy({ $0.count == ends[0].count }) else {
            throw invalid(entry, "numbers", "'\(text)': both ends of a range have the same number of digits")
        }
        let (first, last) = (Int(ends[0])!, Int(ends[ends.count - 1])!)
        guard first <= last else { throw invalid(entry, "numbers", "'\(text)': the first number is greater than the last") }
        guard last - first < maximumBlock else {
            throw invalid(entry, "numbers", "'\(text)' holds \(last - first + 1) numbers, at most \(maximumBlock) in one entry")
        }
        return (first...last, ends[0].count)
    }

    /// `echo`, `ppp-peer` or `tcp:HOST:PORT` (FarEndKind).
    private static func farEndKind(_ entry: inout YAMLMappingReader) throws(ProfileError) -> FarEndKind {
        let text = try entry.string("far-end")
        switch text {
        case "echo": return .echo
        case "ppp-peer": return .pppPeer(magicNumber: SimulatedWorld.defaultPPPPeerMagicNumber)
        default:
            if text.hasPrefix("tcp:"), let colon = text.lastIndex(of: ":"), colon > text.index(text.startIndex, offsetBy: 4),
                let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port)
            {
                return .tcp(host: String(text[text.index(text.startIndex, offsetBy: 4)..<colon]), port: port)
            }
            throw invalid(entry, "far-end", "'\(text)' is not one of: echo, ppp-peer, tcp:HOST:PORT (port 1...65535)")
        }
    }

    private static func invalid(_ reader: YAMLMappingReader, _ key: String, _ problem: String) -> ProfileError {
        ProfileError(file: reader.file, line: reader.line(of: key), key: reader.keyPath(key), problem: problem)
    }

    private static var knownCauses: String { Q931Cause.allCases.map { String($0.rawValue) }.joined(separator: ", ") }

    private enum BehaviourName: String, CaseIterable {
        case answer, busy, noAnswer = "no-answer", reject, congestion
    }

    private enum BearerName: String, CaseIterable {
        case analog, isdn
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
