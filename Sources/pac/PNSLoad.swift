import ArgumentParser
import Foundation
import GRETransport
import NIOCore
import NIOPosix
import PAC
import PPTPProtocol
import PPTPWire

extension LoadGenerator.Payload: ExpressibleByArgument {}

extension PNS {
    /// The load driver of scripts/bench-gre: one call, frames kept in flight over its GRE
    /// tunnel, rate and round-trip percentiles printed as JSON (docs/performance.md).
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place one call and keep frames in flight over its GRE tunnel; print rate and round trips as JSON.",
            discussion: "With --reflector there is no control connection: GRE goes straight to a gre-reflector (Tests/Benchmarks/GREReflector) run with -c CALL-ID. Needs root or CAP_NET_RAW.")

        @Argument(help: "The PAC's (or reflector's) address.") var host: String
        @Argument(help: "The number the PAC dials (an echo number, e.g. 5551100).") var number = "5551100"
        @Option(help: "The PAC's control port.") var port = PPTPHeader.tcpPort
        @Option(help: "Frames kept in flight at most.") var inFlight = 64
        @Option(help: "Octets of each PPP frame (LCP Echo-Request), 16…1500.") var frameSize = 100
        @Option(help: "What fills the frames: plain (0x5A, nothing for a synchronous line to stuff) or random (like MPPE).")
        var payload = LoadGenerator.Payload.plain
        @Option(help: "Frames a second (open loop); without it each echo sends the next frame (closed loop).")
        var rate: Int?
        @Option(help: "Seconds measured, after the warm-up.") var seconds = 3.0
        @Option(help: "Seconds sent but not measured first.") var warmUp = 0.5
        @Option(help: "Packet Recv. Window Size we advertise (RFC 2637 §2.7).") var receiveWindow: UInt16 = 1024
        @Flag(help: "Talk GRE to a gre-reflector instead of placing a call.") var reflector = false
        @Option(help: "With --reflector: the Call ID on both sides (the reflector's -c).") var callID: UInt16 = 1
        @Option(help: "With --reflector: the window the reflector is taken to advertise.") var peerWindow: UInt16 = 1024

        func run() async throws {
            guard inFlight > 0, seconds > 0, warmUp >= 0 else { throw ValidationError("--in-flight and --seconds must be positive") }
            guard (LoadGenerator.minimumFrameSize...1500).contains(frameSize) else {
                throw ValidationError("--frame-size must be \(LoadGenerator.minimumFrameSize)…1500 octets")
            }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let loop = group.next()
            let peer = try SocketAddress.makeAddressResolvingHost(host, port: 0)
            let gre = try await GRESocket.start(on: loop, towardPAC: host).get()
            var client: PNSClient?
            let localCallID: UInt16
            let tunnel: TunnelWindow.Configuration
            if reflector {
                localCallID = callID
                tunnel = .init(
                    peerCallID: callID, peerReceiveWindowSize: peerWindow, peerPacketProcessingDelay: .zero,
                    receiveWindowSize: receiveWindow)
            } else {
                let pns = try await PNSClient.connect(
                    host: host, port: port, group: group,
                    configuration: .init(role: .pns, hostName: "pac-load", vendorName: "PAC", receiveWindowSize: receiveWindow)
                ).get()
                client = pns
                let (id, reply) = try await pns.placeCall(.init(phoneNumber: number, bearerType: .digital)).get()
                guard reply.resultCode == .connected else {
                    throw ValidationError("the PAC did not connect \(number): \(reply.resultCode), cause \(reply.causeCode.rawValue)")
                }
                localCallID = id
                tunnel = .init(
                    peerCallID: reply.callID, peerReceiveWindowSize: reply.packetReceiveWindowSize,
                    peerPacketProcessingDelay: .packetProcessingDelay(tenthsOfASecond: reply.packetProcessingDelay),
                    receiveWindowSize: receiveWindow)
            }
            let (inFlight, frameSize, payload, rate, warmUp, seconds) = (inFlight, frameSize, payload, rate, warmUp, seconds)
            let report = try await loop.flatSubmit {
                do {
                    let generator = try LoadGenerator.open(
                        on: gre, peer: peer, localCallID: localCallID, window: TunnelWindow(configuration: tunnel),
                        inFlight: inFlight, frameSize: frameSize, payload: payload, rate: rate)
                    return generator.run(
                        warmUp: .nanoseconds(Int64(warmUp * 1e9)), duration: .nanoseconds(Int64(seconds * 1e9)))
                } catch {
                    return loop.makeFailedFuture(error)
                }
            }.get()
            try? await gre.close().get()
            if let client {
                _ = try? await client.clearCall(localCallID).get()
                try? await client.stop().get()
            }
            try? await group.shutdownGracefully()
            try BenchFigures.printJSON(report)
        }
    }
}
