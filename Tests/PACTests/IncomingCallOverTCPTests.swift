import InteropSupport
import LineHAL
import NIOCore
import NIOPosix
import PPTPProtocol
import PPTPWire
import SimulatedLines
import Testing
@testable import PAC

/// Incoming calls end to end over real TCP on loopback: the engine on a NIO event loop and the
/// project's PNS role as the peer (pptp-linux only places calls; it never answers one).
@Suite("PAC engine over TCP: incoming calls with the PNS role")
struct IncomingCallOverTCPTests {
    final class Running: Sendable {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let engine: NIOLoopBound<(PACEngine, SimulatedWorld)>
        let server: any Channel

        init(pnsPeers: [PNSAddress] = []) async throws {
            let loop = group.next()
            let profiles = try ProfileLoader.loadDirectory(EngineHarness.hardware)
            engine = try await loop.submit {
                let world = try SimulatedWorld.embeddedDefault(
                    eventLoop: loop, profiles: profiles, analogLines: 2, modem: "instant-modem",
                    timing: EngineHarness.timing)
                let configuration = PACConfiguration(
                    control: ControlConnectionConfiguration(role: .pac, hostName: "pac.test", vendorName: "PAC"),
                    pnsPeers: pnsPeers)
                return NIOLoopBound(
                    (PACEngine(configuration: configuration, pool: world.pool, gre: nil, eventLoop: loop), world),
                    eventLoop: loop)
            }.get()
            let engine = self.engine
            server = try await loop.flatSubmit { ControlServer.start(engine: engine.value.0, host: "127.0.0.1", port: 0) }.get()
        }

        func ring(line: Int, from caller: String, dialed: String) async throws {
            let engine = self.engine
            try await group.next().submit {
                let world = engine.value.1
                try world.network.ring(world.lines.first { $0.id == LineID(line) }!, from: caller, dialed: dialed)
            }.get()
        }

        func lineState(_ line: Int) async throws -> LineCallState {
            let engine = self.engine
            return try await group.next().submit { engine.value.1.lines.first { $0.id == LineID(line) }!.callState }.get()
        }

        func shutdown() async throws {
            try await server.close()
            try await group.shutdownGracefully()
        }
    }

    @Test("§3.2.3 ring → Incoming-Call-Request → accept → Incoming-Call-Connected; the PNS stopping hangs the line up")
    func acceptedIncomingCall() async throws {
        let pac = try await Running()
        let port = try #require(pac.server.localAddress?.port)
        let client = try await PNSClient.connect(host: "127.0.0.1", port: port, group: pac.group).get()
        try await pac.ring(line: 2, from: "5550150", dialed: "5559000")
        let (callID, request) = try await client.nextIncomingCall().get()
        #expect(request.dialingNumber == "5550150" && request.dialedNumber == "5559000" && request.bearerType == .analog)
        let connected = try await client.answerIncomingCall(callID, accept: true).get()
        #expect(connected?.framingType == .asynchronous && (connected?.connectSpeed ?? 0) > 0)
        #expect(try await pac.lineState(2) != .idle)
        try await client.stop().get()
        #expect(try await pac.lineState(2) == .idle, "the PNS going away hangs the line up")
        try await pac.shutdown()
    }

    @Test("§3.2.3 a PNS that refuses gets the line rejected")
    func refusedIncomingCall() async throws {
        let pac = try await Running()
        let port = try #require(pac.server.localAddress?.port)
        let client = try await PNSClient.connect(host: "127.0.0.1", port: port, group: pac.group).get()
        try await pac.ring(line: 1, from: "5550150", dialed: "5559000")
        let (callID, _) = try await client.nextIncomingCall().get()
        #expect(try await client.answerIncomingCall(callID, accept: false).get() == nil)
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await pac.lineState(1) == .idle)
        try await client.stop().get()
        try await pac.shutdown()
    }

    @Test("§3.1.1 a call ringing with no PNS connected makes the PAC open a control connection and offer it")
    func originatesToConfiguredPNS() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let listener = try await PNSListener.start(host: "127.0.0.1", port: 0, group: group).get()
        let port = try #require(listener.channel.localAddress?.port)
        let pac = try await Running(pnsPeers: [PNSAddress(address: IPv4Address("127.0.0.1")!, port: port)])
        try await pac.ring(line: 2, from: "5550150", dialed: "5559000")
        let client = try await listener.nextConnection().get()
        let (callID, request) = try await client.nextIncomingCall().get()
        #expect(request.dialingNumber == "5550150")
        let connected = try await client.answerIncomingCall(callID, accept: true).get()
        #expect(connected != nil)
        try await client.stop().get()
        try await listener.close().get()
        try await pac.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("a call ringing while the configured PNS cannot be reached is rejected, the line freed")
    func unreachablePNS() async throws {
        let closed = try ClosedTCPPort()
        let pac = try await Running(pnsPeers: [PNSAddress(address: IPv4Address("127.0.0.1")!, port: closed.port)])
        try await pac.ring(line: 1, from: "5550150", dialed: "5559000")
        var state = try await pac.lineState(1)
        for _ in 0..<50 where state != .idle {
            try await Task.sleep(for: .milliseconds(20))
            state = try await pac.lineState(1)
        }
        #expect(state == .idle)
        withExtendedLifetime(closed) {}
        try await pac.shutdown()
    }

    @Test("§2.15 the PNS role's Set-Link-Info reaches the call's line over TCP")
    func setLinkInfoOverTCP() async throws {
        let pac = try await Running()
        let port = try #require(pac.server.localAddress?.port)
        let client = try await PNSClient.connect(host: "127.0.0.1", port: port, group: pac.group).get()
        let (callID, reply) = try await client.placeCall(.init(phoneNumber: "5550150", bearerType: .analog)).get()
        #expect(reply.resultCode == .connected)
        try await client.setLinkInfo(callID, sendACCM: 0, receiveACCM: 0x000A_0000).get()
        let engine = pac.engine
        var accm = ""
        for _ in 0..<50 where accm != "0x0/0xA0000" {
            accm = try await pac.group.next().submit {
                let line = engine.value.0.lineStatuses().first { $0.callID == reply.callID }
                return line.map { "\($0.sendACCM)/\($0.receiveACCM)" } ?? ""
            }.get()
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(accm == "0x0/0xA0000")
        try await client.stop().get()
        try await pac.shutdown()
    }
}
