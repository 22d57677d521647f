import ArgumentParser
import Foundation
import GRETransport
import NIOCore
import NIOPosix
import PAC
import PPTPProtocol
import PPTPWire

extension PNS {
    /// Many calls held at once, for scripts/bench (docs/performance.md): what they cost the PAC.
    struct Hold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set up many calls, hold them with a trickle of frames each, and print what happened as JSON.",
            discussion: "While the calls are held the PAC's CPU and memory can be read from outside (--ready-file tells when). Keep-alive Echo-Requests go out on every connection after --keep-alive seconds without traffic; their round trips are reported. Needs root or CAP_NET_RAW (GRE).")

        @Argument(help: "The PAC's address.") var host: String
        @Argument(help: "The number dialed (an echo number, e.g. 5551100).") var number = "5551100"
        @Option(help: "The PAC's control port.") var port = PPTPHeader.tcpPort
        @Option(help: "Calls to set up.") var calls = 100
        @Option(help: "Calls per control connection (1 as VPN clients use a PAC, and the only choice with pptpd).")
        var callsPerConnection = 1
        @Option(help: "Set-ups (connections, then calls) in flight at once.") var setupInFlight = 64
        @Option(help: "Seconds the calls are held once all are up.") var seconds = 5.0
        @Option(help: "Seconds between two frames of one call.") var frameInterval = 1.0
        @Option(help: "Seconds without control traffic before this PNS sends an Echo-Request.") var keepAlive = 1.0
        @Option(help: "Bearer: any, analog or digital.") var bearer = "digital"
        @Option(help: "A file written once every call is up or failed, before the hold starts.") var readyFile: String?

        func run() async throws {
            guard calls > 0, callsPerConnection > 0, callsPerConnection * ((calls + callsPerConnection - 1) / callsPerConnection) <= 65535
            else { throw ValidationError("--calls and --calls-per-connection must be positive, with at most 65535 Call IDs in all") }
            guard setupInFlight > 0, seconds > 0, frameInterval > 0, keepAlive > 0 else {
                throw ValidationError("--setup-in-flight, --seconds, --frame-interval and --keep-alive must be positive")
            }
            let plan = CallHolder.Plan(
                host: host, port: port, number: number, bearer: try BearerType(option: bearer), calls: calls,
                callsPerConnection: callsPerConnection, setupInFlight: setupInFlight,
                keepAliveInterval: .nanoseconds(Int64(keepAlive * 1e9)), frameInterval: .nanoseconds(Int64(frameInterval * 1e9)))
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let loop = group.next()
            let gre = try await GRESocket.start(on: loop, towardPAC: host).get()
            let holder = try await loop.submit { NIOLoopBound(try CallHolder(loop: loop, gre: gre, plan: plan), eventLoop: loop) }.get()
            let started = Date()
            try await loop.flatSubmit { holder.value.setUp() }.get()
            let setupSeconds = Date().timeIntervalSince(started)
            if let readyFile { _ = FileManager.default.createFile(atPath: readyFile, contents: Data()) }
            let held = TimeAmount.nanoseconds(Int64(seconds * 1e9))
            let report = try await loop.flatSubmit { holder.value.hold(for: held, setupSeconds: setupSeconds) }.get()
            try await loop.flatSubmit { holder.value.closeAll() }.get()
            try? await gre.close().get()
            try? await group.shutdownGracefully()
            try BenchFigures.printJSON(report)
        }
    }
}
