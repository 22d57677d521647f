import ArgumentParser
import Dispatch
import Foundation
import GRETransport
import Hummingbird
import LineHAL
import Logging
import NIOCore
import NIOPosix
import PAC
import PACAdmin
import PPTPProtocol
import PPTPWire
import ServiceLifecycle
import SimulatedLines

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the PAC: accept PNS control connections on TCP 1723 and carry calls over GRE.",
        discussion: "Without options it runs the embedded default: simulated V.90 modems and a T1 PRI span on a simulated switch with test numbers.")

    @Option(help: "YAML configuration file (docs/configuration.md); options given here override it.")
    var config: String?
    @Option(help: "Address to listen on for control connections [0.0.0.0].") var listen: String?
    @Option(help: "TCP port for control connections [1723, RFC 2637].") var port: Int?
    @Option(help: "Folder of line and modem profiles (YAML) [./Hardware or next to the executable].") var hardware: String?
    @Option(help: "Simulated analog lines [8].") var analogLines: Int?
    @Option(help: "Seed of the simulated network (impairments, negotiated speeds) [1].") var seed: UInt64?
    @Option(help: "Modem profile of the simulated analog lines, a name in the hardware folder [v90-modem].") var modem: String?
    @Option(help: "Simulated network timing: realistic (2 s dialing, 6 s rings, 60 s no-answer) or quick (0.2 s, 1 s, 10 s).")
    var timing: NetworkTiming?
    @Option(help: "Simulated PRI spans in hunt group isdn [1].") var isdnSpans: Int?
    @Option(help: "Profile of the simulated PRI spans, a name in the hardware folder [t1-pri].") var span: String?
    @Option(help: "PNS addresses or prefixes allowed to connect (repeatable); none allows every address.")
    var allow: [String] = []
    @Option(help: "Number dialed when an Outgoing-Call-Request has none.") var defaultNumber: String?
    @Option(help: "A PNS (A.B.C.D[:PORT]) to open a control connection to when a call rings and none is connected (repeatable).")
    var pns: [String] = []
    @Option(help: "Host Name the PAC reports in Start-Control-Connection-Reply [pac].") var hostName: String?
    @Option(help: "Vendor String the PAC reports in Start-Control-Connection-Reply [PAC (Swift)].") var vendorName: String?
    @Option(help: "Address of the admin HTTP API [127.0.0.1]; 'off' disables it.") var adminListen: String?
    @Option(help: "Port of the admin HTTP API [8723].") var adminPort: Int?
    @Option(help: "Bearer token the admin API requires (required when it listens beyond loopback).") var adminToken: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical [info].") var logLevel: String?

    @Option(help: "Packet Recv. Window Size the PAC advertises for each call (RFC 2637 §2.8) [64].")
    var receiveWindow: UInt16?
    @Option(help: "Bit rate of the simulated ISDN span's B-channels, overriding the span profile's 64000: a lab trunk for data-plane benches (docs/performance.md).")
    var lineRate: Int?
    @Option(help: "How often the simulated network moves characters, in microseconds: finer ticks add less delay per line and cost more CPU; 0 moves them at once, unpaced (benches only).")
    var wireTickMicroseconds: Int64 = 10_000
    @OptionGroup(title: "Call detail records and packet capture") var records: RecordsOptions

    /// The configuration file (or the embedded default) with the command line's options on top.
    func effectiveConfiguration() throws -> DaemonConfiguration {
        var daemon = DaemonConfiguration()
        if let config {
            do {
                daemon = try DaemonConfiguration.load(file: config)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        if let listen { daemon.listen = listen }
        if let port { daemon.port = port }
        if let hardware { daemon.hardware = hardware }
        if let analogLines { daemon.analogLines = analogLines }
        if let seed { daemon.seed = seed }
        if let modem { daemon.modem = modem }
        if let timing { daemon.timing = timing }
        if let isdnSpans {
            guard (1...1000).contains(isdnSpans) else { throw ValidationError("--isdn-spans must be 1…1000") }
            daemon.isdnSpans = isdnSpans
        }
        if let span { daemon.span = span }
        if let defaultNumber { daemon.defaultPhoneNumber = defaultNumber }
        if let hostName { daemon.hostName = hostName }
        if let vendorName { daemon.vendorName = vendorName }
        if let logLevel { daemon.logLevel = logLevel }
        if let adminListen { daemon.adminListen = adminListen }
        if let adminPort { daemon.adminPort = adminPort }
        if let adminToken { daemon.adminToken = adminToken }
        if let receiveWindow { daemon.receiveWindow = Int(receiveWindow) }
        try records.apply(to: &daemon.records)
        if daemon.adminListen != "off", !daemon.adminListen.hasPrefix("127."), daemon.adminListen != "::1",
            daemon.adminToken == nil
        {
            throw ValidationError("the admin API listens on \(daemon.adminListen), beyond loopback: give it a token (--admin-token or admin.token)")
        }
        if !allow.isEmpty {
            daemon.allowedPNS = try allow.map { text in
                guard let network = IPv4Network(text) else {
                    throw ValidationError("--allow \(text): not an IPv4 address or prefix (e.g. 198.18.0.0/15)")
                }
                return network
            }
        }
        if !pns.isEmpty {
            daemon.pnsPeers = try pns.map { text in
                guard let peer = PNSAddress(text) else { throw ValidationError("--pns \(text): not A.B.C.D or A.B.C.D:PORT") }
                return peer
            }
        }
        return daemon
    }

    func run() async throws {
        // Until the reload handler is installed, a SIGHUP must not end the daemon (its default).
        signal(SIGHUP, SIG_IGN)
        let daemon = try effectiveConfiguration()
        let level = Logger.Level(rawValue: daemon.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "pac")
        let hardware = try HardwareFolder.path(daemon.hardware)
        var profiles = try ProfileLoader.loadDirectory(hardware)
        let modemLines = try resolveModemLines(daemon, hardware: hardware)
        if let lineRate {
            guard lineRate > 0 else { throw ValidationError("--line-rate must be positive bits per second") }
            profiles = profiles.map { $0.withChannelSpeed(lineRate) }
        }
        guard wireTickMicroseconds >= 0 else { throw ValidationError("--wire-tick-microseconds must not be negative") }
        var control = ControlConnectionConfiguration(
            role: .pac, hostName: daemon.hostName, vendorName: daemon.vendorName, receiveWindowSize: UInt16(daemon.receiveWindow))
        daemon.timers.apply(to: &control)
        var configuration = PACConfiguration(
            control: control,
            allowedPNS: daemon.allowedPNS, defaultPhoneNumber: daemon.defaultPhoneNumber,
            incomingRoutes: daemon.incomingRoutes, pnsPeers: daemon.pnsPeers, tunnel: daemon.tunnel)
        configuration.limits = daemon.limits

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let gre: GRESocket
        do {
            gre = try await GRESocket.start(on: loop).get()
        } catch {
            logger.critical("cannot open the GRE socket: \(error)")
            print("pac: \(error)")
            throw ExitCode(1)
        }
        var timing = daemon.timing.switchTiming
        timing.tick = .microseconds(wireTickMicroseconds)
        let (analogLines, seed, modem, span, spans) = (daemon.analogLines, daemon.seed, daemon.modem, daemon.span, daemon.isdnSpans)
        let numberPlan = daemon.switchPlan.numberPlan
        let engine = try await loop.submit { [profiles, timing, configuration] in
            let world = try SimulatedWorld.embeddedDefault(
                eventLoop: loop, profiles: profiles, analogLines: analogLines, modem: modem, span: span, spans: spans,
                seed: seed, timing: timing, numberPlan: numberPlan)
            return NIOLoopBound(
                (PACEngine(configuration: configuration, pool: world.pool, gre: gre, eventLoop: loop, logger: logger), world),
                eventLoop: loop)
        }.get()
        let recording = try await Recording.start(daemon.records, engine: engine, logger: logger)
        let impairments = daemon.impairments
        let modems = try await loop.submit {
            let (pacEngine, world) = engine.value
            world.apply(try world.impairments(impairments))
            let modems = ModemPool(engine: pacEngine)
            modems.apply(modemLines)
            return NIOLoopBound(modems, eventLoop: loop)
        }.get()
        let server: any Channel
        do {
            server = try await loop.flatSubmit {
                ControlServer.start(engine: engine.value.0, host: daemon.listen, port: daemon.port)
            }.get()
        } catch {
            print("pac: cannot listen on \(daemon.listen):\(daemon.port): \(error)")
            throw ExitCode(1)
        }
        let adminTask = try await startAdmin(daemon, engine: engine, group: group, logger: logger)
        Banner.print(
            listen: daemon.listen, port: daemon.port, analogLines: analogLines, modem: modem, span: span, spans: spans,
            numberPlan: numberPlan,
            admin: daemon.adminListen == "off" ? nil : "http://\(daemon.adminListen):\(daemon.adminPort)")
        for group in daemon.modemLines {
            print("Modem lines on \(group.ports.joined(separator: ", ")) (\(group.profile), hunt group \"\(group.huntGroup)\") start out of service until their modems answer.")
        }
        fflush(nil)

        let reloading = reloadOnHangUp(daemon, engine: engine, modems: modems, logger: logger)
        await ShutdownSignals.wait()
        reloading.cancel()
        logger.notice("shutting down: Call-Disconnect-Notify (Admin Shutdown) and Stop-Control-Connection-Request to every PNS, modems reset")
        // The engine hangs every line up at once; the modems reset while the PNS peers answer.
        try? await loop.flatSubmit {
            let stopped = engine.value.0.shutdown()
            return stopped.and(modems.value.shutDown()).map { _ in }
        }.get()
        await recording.finish(on: loop)
        if let adminTask {
            await adminTask.services.triggerGracefulShutdown()
            await adminTask.running.value
        }
        try? await server.close()
        try? await gre.close().get()
        try? await group.shutdownGracefully()
    }
}

extension NetworkTiming: ExpressibleByArgument {}

extension Serve {
    /// Starts the admin HTTP API on the engine's group; nil when it is off. Stopped by a
    /// graceful shutdown of the returned service group (swift-service-lifecycle).
    func startAdmin(
        _ daemon: DaemonConfiguration, engine: NIOLoopBound<(PACEngine, SimulatedWorld)>, group: any EventLoopGroup,
        logger: Logger
    ) async throws -> (services: ServiceGroup, running: Task<Void, Never>)? {
        guard daemon.adminListen != "off" else { return nil }
        let admin = try await engine.eventLoop.submit {
            let (pacEngine, world) = engine.value
            return AdminService(
                engine: NIOLoopBound(pacEngine, eventLoop: engine.eventLoop),
                world: NIOLoopBound(world, eventLoop: engine.eventLoop))
        }.get()
        let app = Application(
            router: AdminRouter.make(admin, token: daemon.adminToken, metrics: Self.bootstrapMetrics()),
            configuration: .init(address: .hostname(daemon.adminListen, port: daemon.adminPort), serverName: "pac"),
            eventLoopGroupProvider: .shared(group), logger: logger)
        let services = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let running = Task {
            do { try await services.run() } catch { logger.error("admin API stopped: \(error)") }
        }
        return (services, running)
    }
}

/// Waits for SIGINT or SIGTERM.
enum ShutdownSignals {
    static func wait() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        for await _ in stream { break }
        withExtendedLifetime(sources) {}
    }
}

enum Banner {
    static func print(
        listen: String, port: Int, analogLines: Int, modem: String, span: String, spans: Int,
        numberPlan: [SimulatedWorld.TestNumbers], admin: String?
    ) {
        var text = """
            PAC is running: PPTP control on \(listen):\(port), GRE on IP protocol 47.
            Lines: \(analogLines) simulated modems (\(modem), hunt group "analog"), \(spans) PRI span(s) of \(span) (hunt group "isdn").
            Test numbers on the simulated switch:

            """
        text += SwitchConfiguration.table(numberPlan)
        text += """

            Place a call from another terminal:
              swift run pac pns call 127.0.0.1 5550100 --hold 5

            """
        if let admin {
            let option = admin == "http://127.0.0.1:8723" ? "" : " --admin \(admin)"
            text += """
                Watch it live at \(admin)/ (status page), or with swift run pac calls\(option) (also: status, lines,
                peers, dial, ring, impair, hangup, line; docs/admin-api.md).

                """
        }
        text += """
            Stop with Ctrl-C (every call gets Call-Disconnect-Notify, Admin Shutdown).
            """
        Swift.print(text)
        fflush(nil)  // show the banner at once when stdout is a file or a pipe
    }
}

extension LineProfile {
    /// The profile with its B-channels at `bitsPerSecond` (ISDN spans only): `--line-rate`
    /// turns the embedded span into a lab trunk without a profile the loader would refuse.
    func withChannelSpeed(_ bitsPerSecond: Int) -> LineProfile {
        guard case .isdnSpan(var span) = kind else { return self }
        span.channelSpeed = bitsPerSecond
        var profile = self
        profile.kind = .isdnSpan(span)
        return profile
    }
}

enum HardwareFolder {
    /// The profiles in `path`, or in the first Hardware/ found from the working directory or
    /// the executable's location.
    static func profiles(_ path: String?) throws -> [LineProfile] {
        try ProfileLoader.loadDirectory(Self.path(path))
    }

    /// `path`, or the first Hardware/ found from the working directory or the executable's location.
    static func path(_ path: String?) throws -> String {
        let candidates = path.map { [$0] } ?? defaultCandidates()
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw ValidationError("no hardware profile folder found (tried \(candidates.joined(separator: ", "))); pass --hardware DIR")
        }
        return found
    }

    private static func defaultCandidates() -> [String] {
        var candidates = [ProcessInfo.processInfo.environment["PAC_HARDWARE"], "Hardware"].compactMap { $0 }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            directory = directory.deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent("Hardware").path)
        }
        return candidates
    }
}
