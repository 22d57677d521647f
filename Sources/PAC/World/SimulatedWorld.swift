import LineHAL
import NIOCore
import SimulatedLines

/// A PAC's lines on the simulated telephone network: the pool the engine hunts in and the
/// switch behind it.
public struct SimulatedWorld {
    public let network: SimulatedSwitch
    public let pool: LinePool
    public let lines: [SimulatedLine]

    /// A block of numbers in the simulated switch's plan that behave alike.
    public struct TestNumbers: Sendable {
        public var numbers: ClosedRange<Int>
        public var behaviour: Subscriber.Behaviour
        /// An ISDN terminal (digital calls); otherwise a modem of the default modem profile.
        public var isdn: Bool
        public var farEnd: FarEndKind
        public var summary: String

        func subscriber(modem: ModemProfile) -> Subscriber {
            Subscriber(behaviour: behaviour, equipment: isdn ? .isdn : .modem(modem), farEnd: farEnd)
        }
    }

    /// The test numbers of the embedded default, as README.md lists them.
    public static let defaultNumberPlan: [TestNumbers] = [
        TestNumbers(numbers: 5_550_100...5_550_199, behaviour: .answer(afterRings: 1), isdn: false, farEnd: .echo,
                    summary: "analog: answers after one ring, the far end echoes every frame"),
        TestNumbers(numbers: 5_550_200...5_550_200, behaviour: .busy, isdn: false, farEnd: .echo, summary: "analog: busy"),
        TestNumbers(numbers: 5_550_201...5_550_201, behaviour: .noAnswer, isdn: false, farEnd: .echo,
                    summary: "analog: never answers"),
        TestNumbers(numbers: 5_550_202...5_550_202, behaviour: .reject(.callRejected), isdn: false, farEnd: .echo,
                    summary: "analog: rejects the call with cause 21 (call rejected)"),
        TestNumbers(numbers: 5_550_203...5_550_203, behaviour: .answer(afterRings: 1), isdn: false,
                    farEnd: .pppPeer(magicNumber: 0x5041_4301),
                    summary: "analog: answers; the far end is a scripted PPP peer (LCP)"),
        TestNumbers(numbers: 5_551_100...5_551_199, behaviour: .answer(afterRings: 0), isdn: true, farEnd: .echo,
                    summary: "ISDN: answers at once, the far end echoes every frame"),
    ]

    /// Every number of `defaultNumberPlan` with its subscriber; analog ones use `modem`.
    public static func defaultSubscribers(modem: ModemProfile) -> [String: Subscriber] {
        var subscribers: [String: Subscriber] = [:]
        for block in defaultNumberPlan {
            for number in block.numbers { subscribers[String(number)] = block.subscriber(modem: modem) }
        }
        return subscribers
    }

    /// The embedded default (issue "PAC engine"): `analogLines` simulated modems of the
    /// `modem` profile in hunt group "analog", `spans` PRI spans of the `span` profile in hunt
    /// group "isdn", and `defaultNumberPlan` on the switch. B-channels are numbered from 101
    /// on, or after the last modem when there are more than 100 modems.
    public static func embeddedDefault(
        eventLoop: any EventLoop, profiles: [LineProfile], analogLines: Int = 8, modem: String = "v90-modem",
        span: String = "t1-pri", spans: Int = 1, seed: UInt64 = 1, timing: SwitchTiming = SwitchTiming()
    ) throws(SimulatedWorldError) -> SimulatedWorld {
        guard case .analogModem(let modemProfile)? = profiles.first(where: { $0.name == modem })?.kind else {
            throw .missingProfile(modem, kind: "analog-modem", available: profiles.map(\.name))
        }
        guard case .isdnSpan(let spanProfile)? = profiles.first(where: { $0.name == span })?.kind else {
            throw .missingProfile(span, kind: "isdn span", available: profiles.map(\.name))
        }
        let network = SimulatedSwitch(eventLoop: eventLoop, seed: seed, timing: timing)
        let modems = (1...max(1, analogLines)).map { network.makeModemLine(id: LineID($0), modem: modemProfile, port: $0) }
        let firstChannel = max(100, analogLines) + 1
        let channels = (0..<max(1, spans)).flatMap { index in
            network.makeSpan(spanProfile, firstLineID: LineID(firstChannel + index * spanProfile.bChannels))
        }
        let pool = LinePool()
        do {
            for line in modems + channels { try pool.add(line) }
            try pool.addGroup(HuntGroup(name: "analog", bearers: [.analog], policy: .roundRobin, lines: modems.map(\.id)))
            try pool.addGroup(HuntGroup(name: "isdn", bearers: [.digital], policy: .firstFree, lines: channels.map(\.id)))
        } catch {
            preconditionFailure("the embedded default pool is inconsistent: \(error)")
        }
        for (number, subscriber) in defaultSubscribers(modem: modemProfile) { network.addSubscriber(number, subscriber) }
        return SimulatedWorld(network: network, pool: pool, lines: modems + channels)
    }
}

public enum SimulatedWorldError: Error, Sendable, CustomStringConvertible {
    case missingProfile(String, kind: String, available: [String])

    public var description: String {
        switch self {
        case .missingProfile(let name, let kind, let available):
            "no \(kind) profile named \"\(name)\" in the hardware folder (found: \(available.joined(separator: ", ")))"
        }
    }
}
