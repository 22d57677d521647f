import Foundation
import Hummingbird
import HummingbirdTesting
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
            let ringer: AdminService.Ringer = { line, from, to in
                guard let simulated = world.lines.first(where: { $0.id == LineID(line) }) else { throw AdminError.unknownLine(line) }
                do { try world.network.ring(simulated, from: from, dialed: to) } catch { throw AdminError.refused("\(error)") }
            }
            return AdminService(
                engine: NIOLoopBound(engine, eventLoop: loop), ringer: NIOLoopBound(ringer, eventLoop: loop))
        }.get()
    }

    @Test("GET /v1/status, /v1/lines, /v1/calls and /v1/peers answer JSON")
    func reads() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = Application(router: AdminRouter.make(try await Self.makeAdmin(group: group)))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/status", method: .get) { response in
                #expect(response.status == .ok)
                let status = try JSONDecoder().decode(EngineStatus.self, from: Data(buffer: response.body))
                #expect(status.lines["free"] == 25 && status.calls == 0)
            }
            try await client.execute(uri: "/v1/lines", method: .get) { response in
                let lines = try JSONDecoder().decode([LineStatus].self, from: Data(buffer: response.body))
                #expect(lines.count == 25 && lines.first?.sendACCM == "0xFFFFFFFF" && lines.first?.bearer == "analog")
            }
            try await client.execute(uri: "/v1/calls", method: .get) { response in
                let calls = try JSONDecoder().decode([CallStatus].self, from: Data(buffer: response.body))
                #expect(calls.isEmpty)
            }
            try await client.execute(uri: "/v1/peers", method: .get) { response in
                let peers = try JSONDecoder().decode([PeerStatus].self, from: Data(buffer: response.body))
                #expect(peers.isEmpty)
            }
        }
        try await group.shutdownGracefully()
    }

    @Test("operator actions: ring needs a caller, unknown lines and calls are 404, line down and up")
    func actions() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let admin = try await Self.makeAdmin(group: group)
        let app = Application(router: AdminRouter.make(admin))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/lines/1/ring", method: .post) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/v1/lines/99/ring?from=5550150", method: .post) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/calls/7", method: .delete) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/lines/1/ring?from=5550150&to=5559000", method: .post) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/v1/lines/2/down", method: .post) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/v1/lines", method: .get) { response in
                let lines = try JSONDecoder().decode([LineStatus].self, from: Data(buffer: response.body))
                #expect(lines[1].availability == "out of service (administratively down)")
                #expect(lines[0].callState == "idle", "no PNS is connected, so the ringing call was rejected")
            }
            try await client.execute(uri: "/v1/lines/2/up", method: .post) { #expect($0.status == .noContent) }
        }
        try await group.shutdownGracefully()
    }

    @Test("with a token, requests without it are refused")
    func token() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = Application(router: AdminRouter.make(try await Self.makeAdmin(group: group), token: "s3cret"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/status", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/status", method: .get, headers: [.authorization: "Bearer s3cret"]) {
                #expect($0.status == .ok)
            }
        }
        try await group.shutdownGracefully()
    }
}
