import ArgumentParser
import GRETransport
import NIOCore
import NIOPosix
import PAC
import PPTPProtocol
import PPTPWire

extension PNS {
    /// Call churn for scripts/bench (docs/performance.md): set-ups and tear-downs per second.
    struct Churn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set calls up and tear them down as fast as the PAC answers; print the rate as JSON.",
            discussion: "Each cycle: Outgoing-Call-Request, Reply (Connected), Call-Clear-Request, Call-Disconnect-Notify, on one shared control connection, or with --connection-per-call on a control connection of its own (opened, then closed with Stop-Control-Connection-Request), as VPN clients use a PAC.")

        @Argument(help: "The PAC's address.") var host: String
        @Argument(help: "A number that answers at once (e.g. 5551100, an ISDN echo number).") var number = "5551100"
        @Option(help: "The PAC's control port.") var port = PPTPHeader.tcpPort
        @Option(help: "Cycles in flight at once.") var inFlight = 64
        @Option(help: "Seconds measured, after the warm-up.") var seconds = 2.0
        @Option(help: "Seconds churned but not measured first.") var warmUp = 0.5
        @Option(help: "Bearer: any, analog or digital.") var bearer = "digital"
        @Flag(help: "A control connection of its own for every call.") var connectionPerCall = false

        func run() async throws {
            guard inFlight > 0, seconds > 0, warmUp >= 0 else { throw ValidationError("--in-flight and --seconds must be positive") }
            let call = ControlConnection.OutgoingCallParameters(phoneNumber: number, bearerType: try BearerType(option: bearer))
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let loop = group.next()
            // A raw GRE socket, though no frames are sent: without one the kernel answers the
            // peer's GRE with ICMP protocol-unreachable and pptpd drops the call.
            let gre = try await GRESocket.start(on: loop, towardPAC: host).get()
            let configuration = ControlConnectionConfiguration(role: .pns, hostName: "pac-churn", vendorName: "PAC")
            var shared: PNSClient?
            if !connectionPerCall {
                shared = try await PNSClient.connect(host: host, port: port, group: loop, configuration: configuration).get()
            }
            let connections: CallChurner.Connections =
                shared.map { .shared($0) } ?? .onePerCall(host: host, port: port, configuration: configuration)
            let (inFlight, warmUp, seconds) = (inFlight, warmUp, seconds)
            let report = try await loop.flatSubmit {
                CallChurner(loop: loop, connections: connections, call: call, inFlight: inFlight).run(
                    warmUp: .nanoseconds(Int64(warmUp * 1e9)), duration: .nanoseconds(Int64(seconds * 1e9)))
            }.get()
            if let shared { try? await shared.stop().get() }
            try? await gre.close().get()
            try? await group.shutdownGracefully()
            try BenchFigures.printJSON(report)
        }
    }
}

extension BearerType {
    /// The bearer named on a command line.
    init(option: String) throws {
        switch option {
        case "analog": self = .analog
        case "digital": self = .digital
        case "any": self = .any
        default: throw ValidationError("--bearer must be any, analog or digital")
        }
    }
}
