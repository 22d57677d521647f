import Foundation
import GRETransport
import LineHAL
import Logging
import NIOCore
import NIOEmbedded
import PPTPProtocol
import PPTPWire
import SimulatedLines
@testable import PAC

/// The engine on the embedded default world, in virtual time, with PNS connections played by
/// the test over EmbeddedChannels: the real pipeline, no sockets.
final class EngineHarness {
    let loop = EmbeddedEventLoop()
    let world: SimulatedWorld
    let engine: PACEngine

    static let hardware = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Hardware").path

    /// Quick network timing so that a call connects in seconds of virtual time.
    static let timing = SwitchTiming(
        dialing: .milliseconds(500), ringCycle: .seconds(1), noAnswerTimeout: .seconds(20), tick: .milliseconds(10))

    /// `withGRE`: calls get tunnels, on a GRE socket over an EmbeddedChannel that nothing reads.
    init(
        analogLines: Int = 2, logger: Logger = Logger(label: "pac"), withGRE: Bool = false,
        configure: (inout PACConfiguration) -> Void = { _ in }
    ) throws {
        let profiles = try ProfileLoader.loadDirectory(Self.hardware)
        world = try SimulatedWorld.embeddedDefault(
            eventLoop: loop, profiles: profiles, analogLines: analogLines, timing: Self.timing)
        var configuration = PACConfiguration(
            control: ControlConnectionConfiguration(role: .pac, hostName: "pac.test", vendorName: "PAC", maximumChannels: 25))
        configure(&configuration)
        var gre: GRESocket?
        if withGRE {
            let channel = EmbeddedChannel(loop: loop)
            try channel.connect(to: SocketAddress(ipAddress: "198.18.0.1", port: 0)).wait()
            gre = try GRESocket.attach(to: channel)
        }
        engine = PACEngine(configuration: configuration, pool: world.pool, gre: gre, eventLoop: loop, logger: logger)
    }

    /// A PNS connected from `address` and established.
    func connectPNS(from address: String = "198.18.0.2") throws -> PNSPeer {
        let peer = try PNSPeer(harness: self, address: address)
        peer.send(
            .startControlConnectionRequest(
                StartControlConnectionRequest(
                    framingCapabilities: .asynchronous, bearerCapabilities: .analog, maximumChannels: 0,
                    firmwareRevision: 1, hostName: "pns.test", vendorName: "tests")))
        return peer
    }

    /// A PNS with one call to an echo number, connected; returns the PNS and the PAC's reply.
    func connectedCall(peerCallID: UInt16 = 3, to number: String = "5550100") throws -> (PNSPeer, OutgoingCallReply) {
        let pns = try connectPNS()
        pns.send(outgoingCallRequest(callID: peerCallID, to: number))
        advance(by: .seconds(20))
        guard let reply = pns.received().compactMap(\.outgoingCallReply).first, reply.resultCode == .connected else {
            throw HarnessError.callNotConnected(number)
        }
        return (pns, reply)
    }

    enum HarnessError: Error { case callNotConnected(String) }

    func advance(by amount: TimeAmount) {
        loop.advanceTime(by: amount)
    }

    func line(_ id: Int) -> SimulatedLine {
        world.lines.first { $0.id == LineID(id) }!
    }

    /// Sends 50 frames over a line with a bit error rate of 10⁻³, so its far end counts CRC
    /// errors, and lets 5 s pass: more than one WAN-Error-Notify poll (RFC 2637 §2.14).
    func sendThroughBitErrors(on id: Int) {
        let line = line(id)
        line.impairments = Impairments(bitErrorRate: 1e-3)
        for _ in 0..<50 {
            line.send(frame: ByteBuffer(bytes: [0xFF, 0x03, 0xC0, 0x21] + Array(repeating: 0x55, count: 60)))
        }
        advance(by: .seconds(5))
    }
}

/// One PNS's end of a control connection to the engine.
final class PNSPeer {
    let channel: EmbeddedChannel
    private var decoder = ControlMessageDecoder()
    private var pendingBytes = ByteBuffer()

    init(harness: EngineHarness, address: String) throws {
        channel = EmbeddedChannel(loop: harness.loop)
        channel.localAddress = try SocketAddress(ipAddress: "198.18.0.1", port: 1723)  // the PAC's end
        try ControlServer.configure(channel, engine: harness.engine)
        try channel.connect(to: SocketAddress(ipAddress: address, port: 40000)).wait()
    }

    func send(_ message: ControlMessage) {
        var buffer = ByteBuffer()
        buffer.writeControlMessage(message)
        try? channel.writeInbound(buffer)
    }

    /// Everything the PAC has written to this PNS since the last call, once the loop has run
    /// what is queued now (the engine flushes writes made outside a read that way).
    func received() -> [ControlMessage] {
        channel.embeddedEventLoop.run()
        while let buffer = try? channel.readOutbound(as: ByteBuffer.self) {
            var buffer = buffer
            pendingBytes.writeBuffer(&buffer)
        }
        var messages: [ControlMessage] = []
        while let item = try? decoder.next(from: &pendingBytes) {
            if case .message(let message) = item { messages.append(message) }
        }
        return messages
    }

    var isOpen: Bool { channel.isActive }

    func close() {
        _ = try? channel.close().wait()
    }
}

extension ControlMessage {
    var outgoingCallReply: OutgoingCallReply? {
        if case .outgoingCallReply(let reply) = self { return reply }
        return nil
    }
}

func outgoingCallRequest(callID: UInt16, to number: String, bearer: BearerType = .any) -> ControlMessage {
    .outgoingCallRequest(
        OutgoingCallRequest(
            callID: callID, callSerialNumber: 1, minimumBPS: 2400, maximumBPS: 10_000_000, bearerType: bearer,
            framingType: .either, packetReceiveWindowSize: 3, packetProcessingDelay: 0, phoneNumber: number))
}
