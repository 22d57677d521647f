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
        @Option(help: "Write each measured frame's send time and round trip (nanoseconds) to this file, one line each.")
        var roundTrips: String?
        @Option(help: "Carry the frames with this gre_load program (built by scripts/build-gre-reflector) instead of in this process; the call is still placed here.")
        var greDriver: String?
        @Flag(help: "Talk GRE to a gre-reflector instead of placing a call.") var reflector = false
        @Option(help: "With --reflector: the Call ID on both sides (the reflector's -c).") var callID: UInt16 = 1
        @Option(help: "With --reflector: the window the reflector is taken to advertise.") var peerWindow: UInt16 = 1024

        func run() async throws {
            guard inFlight > 0, seconds > 0, warmUp >= 0 else { throw ValidationError("--in-flight and --seconds must be positive") }
            guard (LoadGenerator.minimumFrameSize...1500).contains(frameSize) else {
                throw ValidationError("--frame-size must be \(LoadGenerator.minimumFrameSize)…1500 octets")
            }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let peer = try SocketAddress.makeAddressResolvingHost(host, port: 0)
            // With --gre-driver, gre_load's raw socket carries the frames; one here as well would
            // take a copy of every packet on this CPU.
            let gre = greDriver == nil ? try await GRESocket.start(on: group.next(), towardPAC: host).get() : nil
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
            let report: String
            if let gre {
                report = try await runHere(on: gre, peer: peer, localCallID: localCallID, tunnel: tunnel)
                try? await gre.close().get()
            } else {
                report = try runGREDriver(peer: peer, localCallID: localCallID, peerCallID: tunnel.peerCallID)
            }
            if let client {
                _ = try? await client.clearCall(localCallID).get()
                try? await client.stop().get()
            }
            try? await group.shutdownGracefully()
            print(report)
        }

        /// Carries the frames through this process's GRESocket and TunnelWindow; returns the
        /// report as one line of JSON.
        private func runHere(
            on gre: GRESocket, peer: SocketAddress, localCallID: UInt16, tunnel: TunnelWindow.Configuration
        ) async throws -> String {
            let loop = gre.eventLoop
            let (inFlight, frameSize, payload, rate, warmUp, seconds) = (inFlight, frameSize, payload, rate, warmUp, seconds)
            let keepingRoundTrips = roundTrips != nil
            let (report, log) = try await loop.flatSubmit {
                do {
                    let generator = try LoadGenerator.open(
                        on: gre, peer: peer, localCallID: localCallID, window: TunnelWindow(configuration: tunnel),
                        inFlight: inFlight, frameSize: frameSize, payload: payload, rate: rate)
                    return generator.run(
                        warmUp: .nanoseconds(Int64(warmUp * 1e9)), duration: .nanoseconds(Int64(seconds * 1e9)),
                        keepingRoundTrips: keepingRoundTrips)
                } catch {
                    return loop.makeFailedFuture(error)
                }
            }.get()
            if let roundTrips, let log { try log.write(toFile: roundTrips, atomically: false, encoding: .utf8) }
            return try BenchFigures.json(report)
        }

        /// Runs gre_load (`--gre-driver`) on the call and returns its report, a line of JSON of
        /// the same fields.
        private func runGREDriver(peer: SocketAddress, localCallID: UInt16, peerCallID: UInt16) throws -> String {
            guard let greDriver, let address = peer.ipAddress else { throw ValidationError("--gre-driver needs an IPv4 host") }
            let frame = LoadGenerator.frameTemplate(frameSize: frameSize, payload: payload)
            var arguments = [
                "-p", address, "-c", "\(peerCallID)", "-l", "\(localCallID)", "-n", "\(inFlight)",
                "-s", "\(seconds)", "-u", "\(warmUp)", "-P", payload.rawValue,
                "-x", frame.map { String(format: "%02x", $0) }.joined(),
            ]
            if let rate { arguments += ["-r", "\(rate)"] }
            if let roundTrips { arguments += ["-o", roundTrips] }
            let driver = Process()
            driver.executableURL = URL(fileURLWithPath: greDriver)
            driver.arguments = arguments
            let output = Pipe()
            driver.standardOutput = output
            try driver.run()
            let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            driver.waitUntilExit()
            guard driver.terminationStatus == 0 else {
                throw ValidationError("\(greDriver) failed with status \(driver.terminationStatus)")
            }
            return report.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
