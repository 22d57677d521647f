import Foundation
import Hummingbird
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ServiceLifecycle
import LineHAL
import NIOCore
import NIOPosix
import PPTPProtocol
import SimulatedLines
import Testing
@testable import PAC
@testable import PACAdmin

/// The admin API over a real engine on a NIO event loop with the embedded default world.
@Suite("Admin HTTP API")
struct AdminAPITests {
    /// A response as the tests look at it.
    struct Reply {
        var status: Int
        var body: Data
    }

    /// Sends requests to the served router over real HTTP (URLSession).
    struct Requester: Sendable {
        var port: Int

        func callAsFunction(_ method: String, _ path: String, _ headers: [String: String], body: String? = nil)
            async throws -> Reply
        {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            request.httpBody = body.map { Data($0.utf8) }
            let (data, response) = try await URLSession.shared.data(for: request)
            return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
        }
    }

    /// Serves `router` on a free loopback port for the body's duration, over real HTTP.
    static func serve(
        _ router: Router<BasicRequestContext>, group: any EventLoopGroup,
        _ body: @escaping @Sendable (_ request: Requester) async throws -> Void
    ) async throws {
        let port = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.continuation.yield(channel.localAddress?.port ?? 0) },
            eventLoopGroupProvider: .shared(group))
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: app.logger))
        let running = Task { try await services.run() }
        var ports = port.stream.makeAsyncIterator()
        let bound = await ports.next() ?? 0
        do {
            try await body(Requester(port: bound))
        } catch {
            await services.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
        await services.triggerGracefulShutdown()
        try await running.value
    }

    static let hardware = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Hardware").path

    static func makeAdmin(group: MultiThreadedEventLoopGroup) async throws -> AdminService {
        let loop = group.next()
        let profiles = try ProfileLoader.loadDirectory(hardware)
        return try await loop.submit {
            let world = try SimulatedWorld.embeddedDefault(
                eventLoop: loop, profiles: profiles, analogLines: 2, modem: "instant-modem")
            let engine = PACEngine(
                configuration: PACConfiguration(control: .init(role: .pac, hostName: "pac", vendorName: "PAC")),
                pool: world.pool, gre: nil, eventLoop: loop)
            return AdminService(engine: NIOLoopBound(engine, eventLoop: loop), world: NIOLoopBound(world, eventLoop: loop))
        }.get()
    }

    @Test("GET /v1/status, /v1/lines, /v1/calls and /v1/peers answer JSON")
    func reads() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let router = AdminRouter.make(try await Self.makeAdmin(group: group))
        try await Self.serve(router, group: group) { request in
            let status = try await request("GET", "/v1/status", [:])
            #expect(status.status == 200)
            let engine = try JSONDecoder().decode(EngineStatus.self, from: status.body)
            #expect(engine.lines["free"] == 25 && engine.calls == 0)
            let lines = try JSONDecoder().decode([LineStatus].self, from: try await request("GET", "/v1/lines", [:]).body)
            #expect(lines.count == 25 && lines.first?.sendACCM == "0xFFFFFFFF" && lines.first?.bearer == "analog")
            let calls = try JSONDecoder().decode([CallStatus].self, from: try await request("GET", "/v1/calls", [:]).body)
            #expect(calls.isEmpty)
            let peers = try JSONDecoder().decode([PeerStatus].self, from: try await request("GET", "/v1/peers", [:]).body)
            #expect(peers.isEmpty)
        }
        try await group.shutdownGracefully()
    }

    @Test("operator actions: ring needs a caller, unknown lines and calls are 404, line down and up")
    func actions() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let router = AdminRouter.make(try await Self.makeAdmin(group: group))
        try await Self.serve(router, group: group) { request in
            let reply1 = try await request("POST", "/v1/lines/1/ring", [:])
            #expect(reply1.status == 400)
            let reply2 = try await request("POST", "/v1/lines/99/ring?from=5550150", [:])
            #expect(reply2.status == 404)
            let reply3 = try await request("DELETE", "/v1/calls/7", [:])
            #expect(reply3.status == 404)
            let reply4 = try await request("POST", "/v1/lines/1/ring?from=5550150&to=5559000", [:])
            #expect(reply4.status == 204)
            let reply5 = try await request("POST", "/v1/lines/2/down", [:])
            #expect(reply5.status == 204)
            let lines = try JSONDecoder().decode([LineStatus].self, from: try await request("GET", "/v1/lines", [:]).body)
            #expect(lines[1].availability == "out of service (administratively down)")
            #expect(lines[0].callState == "idle", "no PNS is connected, so the ringing call was rejected")
            let reply6 = try await request("POST", "/v1/lines/2/up", [:])
            #expect(reply6.status == 204)
        }
        try await group.shutdownGracefully()
    }

    @Test("with a token, requests without it are refused")
    func token() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let router = AdminRouter.make(try await Self.makeAdmin(group: group), token: "s3cret")
        try await Self.serve(router, group: group) { request in
            let reply7 = try await request("GET", "/v1/status", [:])
            #expect(reply7.status == 401)
            let reply8 = try await request("GET", "/v1/status", ["Authorization": "Bearer s3cret"])
            #expect(reply8.status == 200)
        }
        try await group.shutdownGracefully()
    }
}
