import Hummingbird
import PAC

extension EngineStatus: ResponseEncodable {}
extension LineStatus: ResponseEncodable {}
extension CallStatus: ResponseEncodable {}
extension PeerStatus: ResponseEncodable {}

/// The admin HTTP API (docs/admin-api.md): JSON status and operator actions. Bound to
/// 127.0.0.1 by default; with a token every request needs `Authorization: Bearer TOKEN`.
public enum AdminRouter {
    public static func make(_ admin: AdminService, token: String? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        if let token { router.add(middleware: BearerTokenMiddleware(token: token)) }
        let v1 = router.group("v1")
        v1.get("status") { _, _ in try await admin.status() }
        v1.get("lines") { _, _ in try await admin.lines() }
        v1.get("calls") { _, _ in try await admin.calls() }
        v1.get("peers") { _, _ in try await admin.peers() }
        v1.delete("calls/:call") { _, context -> HTTPResponse.Status in
            try await run { try await admin.hangUp(callID: try context.parameters.require("call", as: UInt16.self)) }
        }
        v1.post("lines/:line/ring") { request, context -> HTTPResponse.Status in
            let line = try context.parameters.require("line", as: Int.self)
            guard let from = request.uri.queryParameters["from"].map(String.init) else {
                throw HTTPError(.badRequest, message: "ring needs ?from=NUMBER (and optionally &to=NUMBER)")
            }
            let to = request.uri.queryParameters["to"].map(String.init) ?? ""
            return try await run { try await admin.ring(line: line, from: from, to: to) }
        }
        v1.post("lines/:line/up") { _, context -> HTTPResponse.Status in
            try await run { try await admin.setLine(try context.parameters.require("line", as: Int.self), inService: true) }
        }
        v1.post("lines/:line/down") { _, context -> HTTPResponse.Status in
            try await run { try await admin.setLine(try context.parameters.require("line", as: Int.self), inService: false) }
        }
        return router
    }

    /// Maps the engine's refusals to HTTP: unknown things are 404, the rest 409, with the reason.
    private static func run(_ action: () async throws -> Void) async throws -> HTTPResponse.Status {
        do {
            try await action()
            return .noContent
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

/// Requires `Authorization: Bearer TOKEN`; the token is never logged.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.headers[.authorization] == "Bearer \(token)" else {
            throw HTTPError(.unauthorized, message: "this admin API needs Authorization: Bearer <token>")
        }
        return try await next(request, context)
    }
}
