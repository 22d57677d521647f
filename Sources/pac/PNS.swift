import ArgumentParser
import Foundation
import GRETransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PAC
import PPTPProtocol
import PPTPWire

struct PNS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Act as a PNS: connect to any PAC and place or accept calls.",
        subcommands: [Call.self, Accept.self, Load.self, Churn.self, Hold.self])

    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place one outgoing call, hold it, clear it, and print what the PAC answered.")

        @Argument(help: "The PAC's address.") var host: String
        @Argument(help: "The number the PAC dials.") var number: String
        @Option(help: "The PAC's control port.") var port = PPTPHeader.tcpPort
        @Option(help: "Seconds to hold a connected call before clearing it.") var hold: Double = 0
        @Option(help: "Bearer: any, analog or digital.") var bearer = "any"
        @Option(help: "PPP frames (100 octets each) to send over GRE while the call is held; needs root or CAP_NET_RAW.")
        var frames = 0
        @Flag(help: "Print one JSON object instead of text.") var json = false

        func run() async throws {
            let bearerType = try BearerType(option: bearer)
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            var report = CallReport(pac: "\(host):\(port)", number: number)
            do {
                let client = try await PNSClient.connect(host: host, port: port, group: group).get()
                report.pacHostName = try await client.peer.get()?.hostName
                let (callID, reply) = try await client.placeCall(.init(phoneNumber: number, bearerType: bearerType)).get()
                report.result = reply.resultCode.description
                report.cause = Int(reply.causeCode.rawValue)
                report.errorCode = reply.errorCode == .none ? nil : reply.errorCode.description
                if reply.resultCode == .connected {
                    report.connectSpeed = Int(reply.connectSpeed)
                    report.physicalChannel = Int(reply.physicalChannelID)
                    let tunnel = try await CallTunnel.open(
                        host: host, callID: callID, reply: reply, loop: group.next())
                    for index in 0..<frames { tunnel?.send(CallTunnel.testFrame(index)) }
                    if hold > 0 { try await Task.sleep(for: .milliseconds(Int(hold * 1000))) }
                    if let tunnel {
                        report.framesSent = frames
                        report.framesReceived = tunnel.framesReceived
                        try? await tunnel.close()
                    }
                    do {
                        let notify = try await client.clearCall(callID).get()
                        report.disconnect = notify.resultCode.description
                        report.disconnectCause = Int(notify.causeCode.rawValue)
                        report.callStatistics = notify.callStatistics
                    } catch PNSClientError.connectionClosed(let why) {
                        // pptpd answers Call-Clear-Request by closing TCP (docs/interop-notes.md).
                        report.disconnect = "control connection closed without Call-Disconnect-Notify (\(why))"
                        try? await group.shutdownGracefully()
                        print(json ? report.json : report.text)
                        return
                    }
                }
                try await client.stop().get()
            } catch {
                report.error = "\(error)"
            }
            try? await group.shutdownGracefully()
            print(json ? report.json : report.text)
            if report.error != nil { throw ExitCode(1) }
            if report.result?.hasSuffix("(Connected)") != true { throw ExitCode(2) }
        }
    }
}

/// What `pac pns call` prints.
struct CallReport: Codable {
    var pac: String
    var number: String
    var pacHostName: String?
    var result: String?
    var errorCode: String?
    var cause: Int?
    var connectSpeed: Int?
    var physicalChannel: Int?
    var disconnect: String?
    var disconnectCause: Int?
    var callStatistics: String?
    var framesSent: Int?
    var framesReceived: Int?
    var error: String?

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    var text: String {
        if let error { return "call to \(number) via \(pac) failed: \(error)" }
        var lines = ["PAC \(pac) (\(pacHostName ?? "?")): call to \(number): \(result ?? "?"), cause \(cause ?? 0)"]
        if let errorCode { lines.append("  error code \(errorCode)") }
        if let connectSpeed { lines.append("  connected at \(connectSpeed) bit/s on channel \(physicalChannel ?? 0)") }
        if let framesSent { lines.append("  GRE: \(framesSent) frames sent, \(framesReceived ?? 0) received") }
        if let disconnect { lines.append("  cleared: \(disconnect), cause \(disconnectCause ?? 0), statistics \"\(callStatistics ?? "")\"") }
        return lines.joined(separator: "\n")
    }
}

/// The PNS side of one call's GRE tunnel (RFC 2637 §4): acknowledges what the PAC sends and
/// counts it, so that a PAC which needs its packets acknowledged keeps the call up.
struct CallTunnel {
    let gre: GRESocket
    let key: GRECallKey
    let received: NIOLockedValueBox<Int>

    var framesReceived: Int { received.withLockedValue { $0 } }

    /// Opens a GRE socket for the call; nil (with a note on stderr) without raw-socket privilege.
    static func open(host: String, callID: UInt16, reply: OutgoingCallReply, loop: any EventLoop) async throws -> CallTunnel? {
        let gre: GRESocket
        do {
            gre = try await GRESocket.start(on: loop, towardPAC: host).get()
        } catch {
            FileHandle.standardError.write(Data("pac pns: no GRE for the call's data: \(error)\n".utf8))
            return nil
        }
        let peer = try SocketAddress.makeAddressResolvingHost(host, port: 0)
        let received = NIOLockedValueBox(0)
        let window = TunnelWindow(
            configuration: .init(
                peerCallID: reply.callID, peerReceiveWindowSize: reply.packetReceiveWindowSize,
                peerPacketProcessingDelay: .packetProcessingDelay(tenthsOfASecond: reply.packetProcessingDelay),
                receiveWindowSize: 64))
        let key = try await loop.submit {
            try gre.openCall(peer: peer, localCallID: callID, window: window) { _ in received.withLockedValue { $0 += 1 } }
        }.get()
        return CallTunnel(gre: gre, key: key, received: received)
    }

    /// An LCP Echo-Request of 100 octets (RFC 1661 §5.8) numbered `index`.
    static func testFrame(_ index: Int) -> ByteBuffer {
        var frame = ByteBuffer(bytes: [0xFF, 0x03, 0xC0, 0x21, 0x09, UInt8(truncatingIfNeeded: index), 0x00, 0x60])
        frame.writeRepeatingByte(0x5A, count: 92)
        return frame
    }

    func send(_ frame: ByteBuffer) {
        let (gre, key) = (gre, key)
        gre.eventLoop.execute { gre.send(frame, on: key) }
    }

    func close() async throws {
        let (gre, key) = (gre, key)
        try await gre.eventLoop.submit { _ = gre.closeCall(key) }.get()
        try await gre.close().get()
    }
}
