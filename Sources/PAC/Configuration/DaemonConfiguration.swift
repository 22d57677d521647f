import Foundation
import LineHAL
import SimulatedLines

/// What `pac serve` runs: the YAML file of `--config`, or the embedded default. Every key is
/// optional; unknown keys are errors naming file, line and key (docs/configuration.md).
public struct DaemonConfiguration: Sendable, Equatable {
    public var listen = "0.0.0.0"
    public var port = 1723
    public var hostName = "pac"
    public var vendorName = "PAC (Swift)"
    public var allowedPNS: [IPv4Network] = []
    public var pnsPeers: [PNSAddress] = []
    public var defaultPhoneNumber: String?
    public var incomingRoutes: [IncomingRoute] = []
    /// Folder of line profiles; relative paths are taken from the configuration file's folder.
    public var hardware: String?
    public var analogLines = 8
    public var modem = "v90-modem"
    /// Real modems on serial ports (`lines.modems`), next to the simulated lines.
    public var modemLines: [ModemLineGroup] = []
    /// What is wrong with some simulated lines (`lines.impairments`).
    public var impairments: [LineImpairmentEntry] = []
    /// PRI spans of the `span` profile in hunt group "isdn" (benches use many spans of a
    /// profile without signalling delay, e.g. `bench-pri`).
    public var isdnSpans = 1
    public var span = "t1-pri"
    public var timing = NetworkTiming.realistic
    public var seed: UInt64 = 1
    public var logLevel = "info"
    /// The admin HTTP API: loopback by default; a token is required when bound elsewhere.
    public var adminListen = "127.0.0.1"
    public var adminPort = 8723
    public var adminToken: String?
    /// Call detail records and packet capture (RecordsConfiguration.swift).
    public var records = RecordsConfiguration()
    /// The simulated switch's numbers (`switch:`).
    public var switchPlan = SwitchConfiguration()
    /// The control connection's timers (`timers:`).
    public var timers = TimersConfiguration()
    /// Packet Recv. Window Size advertised for each call (RFC 2637 §2.8, §4.2.1).
    public var receiveWindow = 64
    /// `limits:` (LimitsConfiguration.swift).
    public var limits = ControlLimits()
    /// Each call's GRE data path (`tunnel:`).
    public var tunnel = TunnelConfiguration()

    public init() {}

    public static func load(file: String) throws(ProfileError) -> DaemonConfiguration {
        try parse(YAMLFiles.read(file), file: file)
    }

    public static func parse(_ yaml: String, file: String) throws(ProfileError) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        var root = try YAMLMappingReader.document(yaml, file: file)
        if root.has("control") {
            var control = try root.mapping("control")
            if control.has("listen") { configuration.listen = try control.string("listen") }
            if control.has("port") { configuration.port = try control.integer("port", in: 1...65535) }
            if control.has("host-name") { configuration.hostName = try control.string("host-name") }
            if control.has("vendor-name") { configuration.vendorName = try control.string("vendor-name") }
            if control.has("receive-window") { configuration.receiveWindow = try control.integer("receive-window", in: 1...65535) }
            if control.has("default-number") { configuration.defaultPhoneNumber = try control.string("default-number") }
            if control.has("allow") {
                configuration.allowedPNS = try control.strings("allow").map { text throws(ProfileError) in
                    guard let network = IPv4Network(text) else {
                        throw invalid(control, "allow", "'\(text)' is not an IPv4 address or prefix such as 198.18.0.0/15")
                    }
                    return network
                }
            }
            if control.has("pns") {
                configuration.pnsPeers = try control.strings("pns").map { text throws(ProfileError) in
                    guard let peer = PNSAddress(text) else { throw invalid(control, "pns", "'\(text)' is not A.B.C.D or A.B.C.D:PORT") }
                    return peer
                }
            }
            if control.has("routes") {
                configuration.incomingRoutes = try control.mappings("routes").map { route throws(ProfileError) in
                    var route = route
                    let prefix = try route.string("dialed-prefix")
                    let pns = try route.string("pns")
                    guard let address = IPv4Address(pns) else { throw invalid(route, "pns", "'\(pns)' is not an IPv4 address") }
                    try route.finish()
                    return IncomingRoute(dialedPrefix: prefix, pns: address)
                }
            }
            try control.finish()
        }
        if root.has("lines") {
            var lines = try root.mapping("lines")
            if lines.has("hardware") {
                let folder = try lines.string("hardware")
                configuration.hardware = folder.hasPrefix("/")
                    ? folder : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(folder).path
            }
            if lines.has("analog-lines") { configuration.analogLines = try lines.integer("analog-lines", in: 1...4096) }
            if lines.has("modem") { configuration.modem = try lines.string("modem") }
            if lines.has("isdn-spans") { configuration.isdnSpans = try lines.integer("isdn-spans", in: 1...1000) }
            if lines.has("span") { configuration.span = try lines.string("span") }
            if lines.has("timing") { configuration.timing = try lines.choice("timing", of: NetworkTiming.self) }
            if lines.has("seed") { configuration.seed = UInt64(try lines.integer("seed", in: 0...Int.max)) }
            if lines.has("modems") { configuration.modemLines = try ModemLineConfiguration.parse(&lines) }
            if lines.has("impairments") { configuration.impairments = try ImpairmentConfiguration.parse(&lines) }
            try lines.finish()
        }
        if root.has("admin") {
            var admin = try root.mapping("admin")
            if admin.has("listen") { configuration.adminListen = try admin.string("listen") }
            if admin.has("port") { configuration.adminPort = try admin.integer("port", in: 0...65535) }
            if admin.has("token") { configuration.adminToken = try admin.string("token") }
            try admin.finish()
        }
        if root.has("switch") { configuration.switchPlan = try SwitchConfiguration.parse(&root) }
        if root.has("timers") { configuration.timers = try TimersConfiguration.parse(&root) }
        if root.has("tunnel") { configuration.tunnel = try TunnelConfiguration.parse(&root) }
        try configuration.records.parse(&root, file: file)
        if root.has("limits") { configuration.limits = try ControlLimits.parse(root.mapping("limits")) }
        if root.has("log-level") { configuration.logLevel = try root.choice("log-level", of: LogLevelName.self).rawValue }
        try root.finish()
        return configuration
    }

    private static func invalid(_ reader: YAMLMappingReader, _ key: String, _ problem: String) -> ProfileError {
        ProfileError(file: reader.file, line: reader.line(of: key), key: reader.keyPath(key), problem: problem)
    }

    private enum LogLevelName: String, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }
}

/// How fast the simulated network acts.
public enum NetworkTiming: String, Sendable, CaseIterable {
    /// Dialing 2 s, rings of 6 s, no answer after 60 s.
    case realistic
    /// Dialing 0.2 s, rings of 1 s, no answer after 10 s: for CI and quick benches.
    case quick

    public var switchTiming: SwitchTiming {
        switch self {
        case .realistic: SwitchTiming()
        case .quick: SwitchTiming(dialing: .milliseconds(200), ringCycle: .seconds(1), noAnswerTimeout: .seconds(10))
        }
    }
}
