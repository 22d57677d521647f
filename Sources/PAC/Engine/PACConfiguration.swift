import LineHAL
import NIOCore
import PPTPProtocol
import PPTPWire

/// Everything the engine needs to know that is not a line: who we are on the wire, whom we
/// admit, where incoming calls go, and the protocol timers.
public struct PACConfiguration: Sendable {
    /// Identity and timers of every control connection; `role` is always `.pac`.
    public var control: ControlConnectionConfiguration
    /// PNS addresses allowed to open a control connection; empty admits every address.
    /// Others get Start-Control-Connection-Reply result 4 (RFC 2637 §2.2).
    public var allowedPNS: [IPv4Network]
    /// Dialed when an Outgoing-Call-Request carries no phone number; nil refuses such calls.
    public var defaultPhoneNumber: String?
    /// Which PNS an incoming call is offered to, by dialed-number prefix; the first established
    /// connection when no rule matches.
    public var incomingRoutes: [IncomingRoute]
    /// PNS peers the PAC opens a control connection to when a call rings and no PNS is
    /// connected (RFC 2637 §3.1: either side may originate).
    public var pnsPeers: [PNSAddress]
    /// How often line statistics are read for WAN-Error-Notify (RFC 2637 §2.14).
    public var statisticsPollInterval: TimeAmount
    /// Each call's GRE data path limits (RFC 2637 §4, `tunnel:`).
    public var tunnel: TunnelConfiguration
    /// What one PNS may cost before it is refused or closed (docs/reliability.md).
    public var limits = ControlLimits()

    public init(
        control: ControlConnectionConfiguration, allowedPNS: [IPv4Network] = [], defaultPhoneNumber: String? = nil,
        incomingRoutes: [IncomingRoute] = [], pnsPeers: [PNSAddress] = [], statisticsPollInterval: TimeAmount = .seconds(1),
        tunnel: TunnelConfiguration = TunnelConfiguration()
    ) {
        self.control = control
        self.allowedPNS = allowedPNS
        self.defaultPhoneNumber = defaultPhoneNumber
        self.incomingRoutes = incomingRoutes
        self.pnsPeers = pnsPeers
        self.statisticsPollInterval = statisticsPollInterval
        self.tunnel = tunnel
    }
}

/// Offers calls whose dialed number starts with `dialedPrefix` to the PNS at `pns`.
public struct IncomingRoute: Sendable, Hashable {
    public var dialedPrefix: String
    public var pns: IPv4Address

    public init(dialedPrefix: String, pns: IPv4Address) {
        self.dialedPrefix = dialedPrefix
        self.pns = pns
    }
}

/// A PNS the PAC may connect to.
public struct PNSAddress: Sendable, Hashable, CustomStringConvertible {
    public var address: IPv4Address
    public var port: Int

    public init(address: IPv4Address, port: Int = 1723) {
        self.address = address
        self.port = port
    }

    /// Parses "A.B.C.D" or "A.B.C.D:PORT".
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPv4Address(String(parts[0])) else { return nil }
        let port = parts.count == 2 ? Int(parts[1]) : 1723
        guard let port, (1...65535).contains(port) else { return nil }
        self.init(address: address, port: port)
    }

    public var description: String { "\(address):\(port)" }
}

extension ControlConnectionConfiguration {
    /// Framing and Bearer Capabilities and Maximum Channels as the line pool offers them
    /// (RFC 2637 §2.2): what a PNS may ask of this PAC.
    mutating func advertise(_ pool: LinePool) {
        let lines = pool.lines
        var framing: FramingCapabilities = []
        var bearer: BearerCapabilities = []
        for line in lines {
            framing.insert(line.capabilities.framing == .async ? .asynchronous : .synchronous)
            bearer.insert(line.capabilities.bearer == .analog ? .analog : .digital)
        }
        framingCapabilities = framing
        bearerCapabilities = bearer
        maximumChannels = UInt16(clamping: lines.count)
    }
}
