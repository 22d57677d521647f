import LineHAL

/// A number in the simulated switch's plan and how it behaves when called.
public struct Subscriber: Sendable, Hashable {
    /// What happens when the number is dialed.
    public enum Behaviour: Sendable, Hashable {
        /// Rings `afterRings` times, then answers (0 answers at once).
        case answer(afterRings: Int)
        case busy
        /// Rings until the caller's no-answer timer gives up.
        case noAnswer
        /// The called user or its network refuses the call with this cause.
        case reject(Q931Cause)
        /// The switch cannot route the call (Q.931 cause 42).
        case congestion
    }

    /// What the subscriber's line is: it decides the bearer the number takes.
    public enum Equipment: Sendable, Hashable {
        /// A modem on an analog line; takes analog calls.
        case modem(ModemProfile)
        /// An ISDN terminal; takes 64 kbit/s digital calls.
        case isdn
    }

    public var behaviour: Behaviour
    public var equipment: Equipment
    public var farEnd: FarEndKind

    public init(behaviour: Behaviour, equipment: Equipment, farEnd: FarEndKind = .echo) {
        self.behaviour = behaviour
        self.equipment = equipment
        self.farEnd = farEnd
    }

    public var bearer: Bearer {
        switch equipment {
        case .modem: .analog
        case .isdn: .digital
        }
    }
}

extension Subscriber.Behaviour {
    /// What a caller meets, e.g. "answers after 2 rings" or "rejects the call with cause 21 (call rejected)".
    public var summary: String {
        switch self {
        case .answer(afterRings: 0): "answers at once"
        case .answer(afterRings: 1): "answers after one ring"
        case .answer(let rings): "answers after \(rings) rings"
        case .busy: "busy"
        case .noAnswer: "never answers"
        case .reject(let cause): "rejects the call with cause \(cause.rawValue) (\(cause.name))"
        case .congestion: "congestion (cause 42)"
        }
    }
}
