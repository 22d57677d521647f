/// The modulation family a modem profile speaks; decides the speeds it can reach.
public enum Modulation: String, Sendable, Hashable, CaseIterable {
    /// ITU-T V.34: symmetric, up to 33600 bit/s.
    case v34
    /// ITU-T V.90: 56000 bit/s downstream from the digitally connected end, V.34 upstream.
    case v90
}

/// A modem model: how fast it connects and how long it takes.
///
/// "Downstream" is V.90's word for the direction from the digitally connected end (the PAC's
/// side, which sits on the network's digital trunks) to the analog end; "upstream" the other.
public struct ModemProfile: Sendable, Hashable {
    public var modulation: Modulation
    public var minimumSpeed: Int
    public var maximumDownstreamSpeed: Int
    public var maximumUpstreamSpeed: Int
    /// From answer to carrier: the handshake, probing and training.
    public var trainUpMilliseconds: Int

    public init(
        modulation: Modulation, minimumSpeed: Int, maximumDownstreamSpeed: Int,
        maximumUpstreamSpeed: Int, trainUpMilliseconds: Int
    ) {
        self.modulation = modulation
        self.minimumSpeed = minimumSpeed
        self.maximumDownstreamSpeed = maximumDownstreamSpeed
        self.maximumUpstreamSpeed = maximumUpstreamSpeed
        self.trainUpMilliseconds = trainUpMilliseconds
    }
}

/// The ISDN user-network interface a span presents.
public enum ISDNInterface: String, Sendable, Hashable, CaseIterable {
    /// Basic rate: 2B+D.
    case bri
    /// Primary rate: 23B+D on a T1, 30B+D on an E1.
    case pri
}

/// An ISDN span: its B-channels are the lines.
public struct ISDNSpanProfile: Sendable, Hashable {
    public var interface: ISDNInterface
    public var bChannels: Int
    public var channelSpeed: Int
    /// One-way delay of a Q.931 message on the D-channel, through the switch.
    public var signallingDelayMilliseconds: Int

    public init(interface: ISDNInterface, bChannels: Int, channelSpeed: Int, signallingDelayMilliseconds: Int) {
        self.interface = interface
        self.bChannels = bChannels
        self.channelSpeed = channelSpeed
        self.signallingDelayMilliseconds = signallingDelayMilliseconds
    }
}

/// One line type or modem model from `Hardware/*.yaml`; docs/lines.md lists every key.
public struct LineProfile: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case analogModem(ModemProfile)
        case isdnSpan(ISDNSpanProfile)
    }

    /// The name other configuration refers to the profile by.
    public var name: String
    public var summary: String
    public var kind: Kind

    public init(name: String, summary: String, kind: Kind) {
        self.name = name
        self.summary = summary
        self.kind = kind
    }

    public var bearer: Bearer {
        switch kind {
        case .analogModem: .analog
        case .isdnSpan: .digital
        }
    }

    public var framing: Framing {
        switch kind {
        case .analogModem: .async
        case .isdnSpan: .sync
        }
    }
}
