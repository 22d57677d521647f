import ArgumentParser
import Dispatch
import Foundation
import GRETransport
import LineHAL
import Logging
import NIOCore
import NIOPosix
import PAC
import PPTPProtocol
import PPTPWire
import SimulatedLines

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the PAC: accept PNS control connections on TCP 1723 and carry calls over GRE.",
        discussion: "Without options it runs the embedded default: simulated V.90 modems and a T1 PRI span on a simulated switch with test numbers.")

    @Option(help: "Address to listen on for control connections.") var listen = "0.0.0.0"
    @Option(help: "TCP port for control connections (RFC 2637: 1723).") var port = PPTPHeader.tcpPort
    @Option(help: "Folder of line and modem profiles (YAML).") var hardware: String?
    @Option(help: "Simulated analog (V.90) lines in the embedded default.") var analogLines = 8
    @Option(help: "Seed of the simulated network (impairments, negotiated speeds).") var seed: UInt64 = 1
    @Option(help: "Modem profile of the simulated analog lines (a name in the hardware folder).") var modem = "v90-modem"
    @Option(help: "Simulated network timing: realistic (2 s dialing, 6 s rings, 60 s no-answer) or quick (0.2 s, 1 s, 10 s).")
    var timing: NetworkTiming = .realistic
    @Option(help: "PNS addresses or prefixes allowed to connect (repeatable); none allows every address.")
    var allow: [String] = []
    @Option(help: "Number dialed when an Outgoing-Call-Request has none.") var defaultNumber: String?
    @Option(help: "Host Name the PAC reports in Start-Control-Connection-Reply.") var hostName = "pac"
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: "Packet Recv. Window Size the PAC advertises for each call (RFC 2637 §2.8).")
    var receiveWindow: UInt16 = 64
    @Option(help: "Bit rate of the simulated ISDN span's B-channels, overriding the span profile's 64000: a lab trunk for data-plane benches (docs/performance.md).")
    var lineRate: Int?
    @Option(help: "How often the simulated network moves characters, in microseconds: finer ticks add less delay per line and cost more CPU; 0 moves them at once, unpaced (benches only).")
    var wireTickMicroseconds: Int64 = 10_000

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "pac")
        var profiles = try HardwareFolder.profiles(hardware)
        if let lineRate {
            guard lineRate > 0 else { throw ValidationError("--line-rate must be positive bits per second") }
            profiles = profiles.map { $0.withChannelSpeed(lineRate) }
        }
        guard wireTickMicroseconds >= 0 else { throw ValidationError("--wire-tick-microseconds must not be negative") }
        var allowed: [IPv4Network] = []
        for text in allow {
            guard let network = IPv4Network(text) else {
                throw ValidationError("--allow \(text): not an IPv4 address or prefix (e.g. 198.18.0.0/15)")
            }
            allowed.append(network)
        }
        let configuration = PACConfiguration(
            control: ControlConnectionConfiguration(
                role: .pac, hostName: hostName, vendorName: "PAC (Swift)", framingCapabilities: [.asynchronous, .synchronous],
                bearerCapabilities: [.analog, .digital], maximumChannels: UInt16(clamping: analogLines + 23),
                receiveWindowSize: receiveWindow),
            allowedPNS: allowed, defaultPhoneNumber: defaultNumber)

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
        var timing = self.timing.switchTiming
        timing.tick = .microseconds(wireTickMicroseconds)
        let (analogLines, seed, modem) = (self.analogLines, self.seed, self.modem)
        let engine = try await loop.submit {
            let world = try SimulatedWorld.embeddedDefault(
                eventLoop: loop, profiles: profiles, analogLines: analogLines, modem: modem, seed: seed, timing: timing)
            return NIOLoopBound(
                (PACEngine(configuration: configuration, pool: world.pool, gre: gre, eventLoop: loop, logger: logger), world),
                eventLoop: loop)
        }.get()
        let server: any Channel
        do {
            server = try await loop.flatSubmit { ControlServer.start(engine: engine.value.0, host: self.listen, port: self.port) }.get()
        } catch {
            print("pac: cannot listen on \(listen):\(port): \(error)")
            throw ExitCode(1)
        }
        Banner.print(listen: listen, port: port, analogLines: analogLines, modem: modem)

        await ShutdownSignals.wait()
        logger.notice("shutting down: Call-Disconnect-Notify (Admin Shutdown) and Stop-Control-Connection-Request to every PNS")
        try? await loop.flatSubmit { engine.value.0.shutdown() }.get()
        try? await server.close()
        try? await gre.close().get()
        try? await group.shutdownGracefully()
    }
}

enum NetworkTiming: String, ExpressibleByArgument, CaseIterable {
    case realistic
    case quick

    var switchTiming: SwitchTiming {
        switch self {
        case .realistic: SwitchTiming()
        case .quick: SwitchTiming(dialing: .milliseconds(200), ringCycle: .seconds(1), noAnswerTimeout: .seconds(10))
        }
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
    static func print(listen: String, port: Int, analogLines: Int, modem: String) {
        var text = """
            PAC is running: PPTP control on \(listen):\(port), GRE on IP protocol 47.
            Lines: \(analogLines) simulated modems (\(modem), hunt group "analog"), a T1 PRI span of 23 B-channels (hunt group "isdn").
            Test numbers on the simulated switch:

            """
        for block in SimulatedWorld.defaultNumberPlan {
            let range = block.numbers.count == 1 ? "\(block.numbers.lowerBound)" : "\(block.numbers.lowerBound)–\(block.numbers.upperBound)"
            text += "  \(range.padding(toLength: 16, withPad: " ", startingAt: 0)) \(block.summary)\n"
        }
        text += """

            Place a call from another terminal:
              swift run pac pns call 127.0.0.1 5550100 --hold 5
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
        let candidates = path.map { [$0] } ?? defaultCandidates()
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate) {
            return try ProfileLoader.loadDirectory(candidate)
        }
        throw ValidationError("no hardware profile folder found (tried \(candidates.joined(separator: ", "))); pass --hardware DIR")
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
