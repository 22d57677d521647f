import Hummingbird
import NIOCore
import PAC
import PACAdminClient

extension EngineStatus: ResponseEncodable {}
extension LineStatus: ResponseEncodable {}
extension CallStatus: ResponseEncodable {}
extension PeerStatus: ResponseEncodable {}
extension TestCallOutcome: ResponseEncodable {}
extension ImpairmentSettings: ResponseEncodable {}

/// The admin HTTP API (docs/admin-api.md): JSON status and operator actions, `/metrics` for
/// Prometheus and the live status page at `/`. Bound to 127.0.0.1 by default; with a token
/// every request but the page itself needs `Authorization: Bearer TOKEN`.
public enum AdminRouter {
    public static func make(
        _ admin: AdminService, token: String? = nil, metrics: AdminMetrics? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router()
        if let token { router.add(middleware: BearerTokenMiddleware(token: token, openPaths: ["/"])) }
        router.get("/") { _, _ in StatusPage.response() }
        if let metrics {
            router.get("metrics") { _, _ in try await metrics.scrape(admin) }
        }
        let v1 = router.group("v1")
        v1.get("status") { _, _ in try await admin.status() }
        v1.get("lines") { _, _ in try await admin.lines() }
        v1.get("calls") { _, _ in try await admin.calls() }
        v1.get("peers") { _, _ in try await admin.peers() }
        v1.delete("calls/:call") { _, context -> HTTPResponse.Status in
            let call = try context.parameters.require("call", as: UInt16.self)
            return try await done { try await admin.hangUp(callID: call) }
        }
        v1.post("lines/:line/ring") { request, context -> HTTPResponse.Status in
            let line = try context.parameters.require("line", as: Int.self)
            guard let from = request.uri.queryParameters["from"].map(String.init) else {
                throw HTTPError(.badRequest, message: "ring needs ?from=NUMBER (and optionally &to=NUMBER)")
            }
            let to = request.uri.queryParameters["to"].map(String.init) ?? ""
            return try await done { try await admin.ring(line: line, from: from, to: to) }
        }
        v1.post("lines/:line/dial") { request, context -> TestCallOutcome in
            let line = try context.parameters.require("line", as: Int.self)
            guard let number = request.uri.queryParameters["number"].map(String.init) else {
                throw HTTPError(.badRequest, message: "dial needs ?number=NUMBER (and optionally &hold=SECONDS)")
            }
            let holdText = request.uri.queryParameters["hold"].map(String.init) ?? "0"
            guard let hold = Double(holdText), hold >= 0, hold <= 86_400 else {
                throw HTTPError(.badRequest, message: "hold=\(holdText): seconds from 0 to 86400")
            }
            return try await answer { try await admin.dial(line: line, number: number, hold: .nanoseconds(Int64(hold * 1e9))) }
        }
        v1.get("impairments") { _, _ in try await admin.impairedLines() }
        v1.get("lines/:line/impairments") { _, context -> ImpairmentSettings in
            let line = try context.parameters.require("line", as: Int.self)
            return try await answer { try await admin.impairments(line: line) }
        }
        v1.put("lines/:line/impairments") { request, context -> ImpairmentSettings in
            let line = try context.parameters.require("line", as: Int.self)
            let settings = try await request.decode(as: ImpairmentSettings.self, context: context)
            return try await answer { try await admin.impair(line: line, settings) }
        }
        v1.delete("lines/:line/impairments") { _, context -> ImpairmentSettings in
            let line = try context.parameters.require("line", as: Int.self)
            return try await answer { try await admin.impair(line: line, nil) }
        }
        v1.post("lines/:line/up") { _, context -> HTTPResponse.Status in
            let line = try context.parameters.require("line", as: Int.self)
            return try await done { try await admin.setLine(line, inService: true) }
        }
        v1.post("lines/:line/down") { _, context -> HTTPResponse.Status in
            let line = try context.parameters.require("line", as: Int.self)
            return try await done { try await admin.setLine(line, inService: false) }
        }
        return router
    }

    private static func done(_ action: () async throws -> Void) async throws -> HTTPResponse.Status {
        try await answer(action)
        return .noContent
    }

    /// Maps the engine's refusals to HTTP: unknown things are 404, the rest 409, with the reason.
    private static func answer<T>(_ action: () async throws -> T) async throws -> T {
        do {
            return try await action()
        } catch let error as AdminError {
            switch error {
            case .unknownLine, .unknownCall: throw HTTPError(.notFound, message: error.description)
            case .refused: throw HTTPError(.conflict, message: error.description)
            }
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError(.conflict, message: "\(error)")
        }
    }
}

/// Requires `Authorization: Bearer TOKEN` except on `openPaths` (the status page, which holds
/// no data: it sends the token itself); the token is never logged.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String
    let openPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard openPaths.contains(request.uri.path) || request.headers[.authorization] == "Bearer \(token)" else {
            throw HTTPError(.unauthorized, message: "this admin API needs Authorization: Bearer <token>")
        }
        return try await next(request, context)
    }
}
