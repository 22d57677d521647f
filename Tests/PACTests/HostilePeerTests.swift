import GRETransport
import InteropSupport
import LineHAL
import NIOCore
import NIOPosix
import PPTPProtocol
import PPTPWire
import SimulatedLines
import Testing
@testable import PAC

/// Every case of Fixtures/hostile/control-messages.yaml against the PAC over real TCP on
/// loopback, each on a connection of its own, while another PNS's call carries frames over GRE:
/// each case gets its RFC behaviour, the PAC stays up, and the other call never stops.
/// Needs root (the GRE raw socket).
@Suite("Hostile and broken peers against the running PAC", .serialized)
struct HostilePeerTests {
    final class Running: Sendable {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let engine: NIOLoopBound<(PACEngine, SimulatedWorld)>
        let server: any Channel
        let gre: GRESocket

        init() async throws {
            let loop = group.next()
            gre = try await GRESocket.start(on: loop).get()
            let profiles = try ProfileLoader.loadDirectory(EngineHarness.hardware)
            let gre = self.gre
            engine = try await loop.submit {
                let world = try SimulatedWorld.embeddedDefault(
                    eventLoop: loop, profiles: profiles, analogLines: 4, modem: "instant-modem", timing: EngineHarness.timing)
                var configuration = PACConfiguration(
                    control: ControlConnectionConfiguration(role: .pac, hostName: "pac.test", vendorName: "PAC"))
                // Every case connects from 127.0.0.1: the per-peer limits are tested in LimitsTests.
                configuration.limits.maximumConnectionsPerPeer = 1000
                configuration.limits.connectionsPerPeerPerMinute = 100_000
                return NIOLoopBound(
                    (PACEngine(configuration: configuration, pool: world.pool, gre: gre, eventLoop: loop), world),
                    eventLoop: loop)
            }.get()
            let engine = self.engine
            server = try await loop.flatSubmit { ControlServer.start(engine: engine.value.0, host: "127.0.0.1", port: 0) }.get()
        }

        var port: Int { server.localAddress?.port ?? 0 }

        func status() async throws -> EngineStatus {
            let engine = self.engine
            return try await group.next().submit { engine.value.0.status() }.get()
        }

        func shutdown() async throws {
            try await server.close()
            try await gre.close().get()
            try await group.shutdownGracefully()
        }
    }

    static let startRequest = StartControlConnectionRequest(
        framingCapabilities: .asynchronous, bearerCapabilities: .analog, maximumChannels: 0, firmwareRevision: 1,
        hostName: "pns.test", vendorName: "tests")

    static func outgoingCall(callID: UInt16, to number: String) -> ControlMessage {
        .outgoingCallRequest(
            OutgoingCallRequest(
                callID: callID, callSerialNumber: 1, minimumBPS: 2400, maximumBPS: 10_000_000, bearerType: .any,
                framingType: .either, packetReceiveWindowSize: 16, packetProcessingDelay: 0, phoneNumber: number))
    }

    @Test("the corpus has at least 200 cases and covers every state")
    func corpusSize() throws {
        let cases = try HostileCase.load()
        #expect(cases.count >= 200)
        #expect(Set(cases.map(\.state)) == Set(HostileCase.State.allCases))
        #expect(Set(cases.map(\.name)).count == cases.count, "names are unique")
    }

    @Test("every hostile case gets its RFC behaviour; the PAC stays up; the other PNS's call keeps flowing frames")
    func corpus() async throws {
        try Privilege.requireRoot()
        let cases = try HostileCase.load()
        let pac = try await Running()
        let clients = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let flowing = try await FlowingCall.start(port: pac.port, group: clients)
        var failures: [String] = []
        for hostile in cases {
            let before = flowing.framesReceived
            flowing.sendFrame()
            if let failure = try await run(hostile, port: pac.port, group: clients) {
                failures.append("\(hostile): \(failure)")
            }
            // Each case starts alone: the PAC has seen this one's connection close and released
            // its call and line, or the next case's call would find no line free. On loopback
            // that takes milliseconds; the bound is for a loaded CI machine.
            let released = (try? await waitUntil("the case's connection and call released", within: 20, pollingEvery: .milliseconds(5)) {
                let status = try await pac.status()
                return status.controlConnections == 1 && status.calls == 1
            }) != nil
            if !released { failures.append("\(hostile): the PAC did not release its connection and call within 20 s") }
            let flowed = (try? await waitUntil("a frame of the other call", within: 5) { flowing.framesReceived > before }) != nil
            if !flowed { failures.append("\(hostile): the other call's frame did not come back") }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) cases failed:\n\(failures.joined(separator: "\n"))")

        // Still up: a new PNS is served, and the other call is still there and carrying.
        let late = try await RawControlPeer.connect(port: pac.port, group: clients)
        try await late.send(.startControlConnectionRequest(Self.startRequest))
        guard case .startControlConnectionReply(let reply)? = try await late.nextMessage() else {
            Issue.record("no Start-Control-Connection-Reply after the corpus")
            return
        }
        #expect(reply.resultCode == .successful)
        let status = try await pac.status()
        #expect(status.statistics.violations >= UInt64(cases.count / 2), "the violations were counted")
        #expect(status.limits.closedLostSynchronization > 0)
        #expect(flowing.control.channel.isActive)
        await late.close()
        try await flowing.stop()
        try await clients.shutdownGracefully()
        try await pac.shutdown()
    }

    /// Runs one case on a connection of its own; nil when the PAC did what the case expects.
    private func run(_ hostile: HostileCase, port: Int, group: any EventLoopGroup) async throws -> String? {
        let peer = try await RawControlPeer.connect(port: port, group: group)
        let failure = try await exchange(hostile, peer)
        await peer.close()
        return failure
    }

    private func exchange(_ hostile: HostileCase, _ peer: RawControlPeer) async throws -> String? {
        if hostile.state != .fresh {
            try await peer.send(.startControlConnectionRequest(Self.startRequest))
            guard case .startControlConnectionReply(let reply)? = try await peer.nextMessage(), reply.resultCode == .successful
            else { return "set-up: not established" }
        }
        if hostile.state == .call {
            try await peer.send(Self.outgoingCall(callID: 0x0101, to: "5550100"))
            guard case .outgoingCallReply(let reply)? = try await peer.nextMessage(within: 20), reply.resultCode == .connected
            else { return "set-up: the call did not connect" }
        }
        try await peer.send(hostile.bytes)
        switch hostile.expectation {
        case .close:
            guard await peer.closedByPAC() else { return "expected a close, the connection is still open" }
            if let message = try await peer.nextMessage(within: 0) { return "expected no reply before the close, got \(message.type)" }
            return nil
        case .reply(let type, let result, let error, let thenClosed):
            guard let message = try await peer.nextMessage() else { return "expected \(type) reply, got nothing" }
            guard message.type.rawValue == type, let codes = message.resultAndError, codes == (result, error) else {
                return "expected type \(type) result \(result) error \(error), got \(message)"
            }
            if thenClosed {
                return await peer.closedByPAC() ? nil : "expected a close after the reply"
            }
            return try await probe(peer, established: hostile.state != .fresh || (type == 2 && result == 1))
        case .ignore:
            return try await probe(peer, established: hostile.state != .fresh)
        }
    }

    /// The connection is open and nothing was answered: an Echo-Request's reply is the very
    /// next message (before establishment, with Not-Connected, §2.16).
    private func probe(_ peer: RawControlPeer, established: Bool) async throws -> String? {
        try await peer.send(.echoRequest(EchoRequest(identifier: 0xC0FFEE)))
        guard let message = try await peer.nextMessage() else { return "the connection did not answer an Echo-Request afterwards" }
        guard case .echoReply(let reply) = message, reply.identifier == 0xC0FFEE else {
            return "expected no reply, got \(message)"
        }
        let expected: OKOrGeneralErrorResult = established ? .ok : .generalError
        return reply.resultCode == expected ? nil : "the probe's Echo-Reply has result \(reply.resultCode)"
    }
}

extension ControlMessage {
    /// Result and Error Codes of a reply.
    var resultAndError: (UInt8, UInt8)? {
        switch self {
        case .startControlConnectionReply(let reply): (reply.resultCode.rawValue, reply.errorCode.rawValue)
        case .stopControlConnectionReply(let reply): (reply.resultCode.rawValue, reply.errorCode.rawValue)
        case .echoReply(let reply): (reply.resultCode.rawValue, reply.errorCode.rawValue)
        case .outgoingCallReply(let reply): (reply.resultCode.rawValue, reply.errorCode.rawValue)
        case .incomingCallReply(let reply): (reply.resultCode.rawValue, reply.errorCode.rawValue)
        default: nil
        }
    }
}
