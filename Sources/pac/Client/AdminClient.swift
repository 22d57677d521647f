import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `pac` subcommands' HTTP client for a running PAC's admin API (docs/admin-api.md):
/// Foundation's URLSession, so the tool needs no HTTP client package.
struct AdminClient {
    let base: URL
    let token: String?

    /// Why a request got no answer the command can use; printed as `pac: …`, exit status 1.
    enum Failure: Error, CustomStringConvertible {
        case unreachable(URL, String)
        case refused(status: Int, message: String)
        case unreadable(String, Error)

        var description: String {
            switch self {
            case .unreachable(let url, let why):
                "cannot reach the PAC's admin API at \(url.absoluteString): \(why). Is `pac serve` running there (see --admin)?"
            case .refused(let status, let message): "the PAC answered \(status): \(message)"
            case .unreadable(let path, let error): "the PAC's answer to \(path) is not what this pac expects: \(error)"
            }
        }
    }

    /// Sends a request and returns the body of a 2xx answer.
    func send(_ method: String, _ path: String, body: Data? = nil, timeout: TimeInterval = 15) async throws -> Data {
        let url = URL(string: path, relativeTo: base)!
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure.unreachable(base, (error as? URLError).map(Self.reason) ?? "\(error)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw Failure.refused(status: status, message: Self.message(in: data))
        }
        return data
    }

    /// Sends a request and decodes its JSON answer.
    func fetch<T: Decodable>(
        _ type: T.Type, _ path: String, method: String = "GET", body: Data? = nil, timeout: TimeInterval = 15
    ) async throws -> (T, Data) {
        let data = try await send(method, path, body: body, timeout: timeout)
        do {
            return (try JSONDecoder().decode(T.self, from: data), data)
        } catch {
            throw Failure.unreadable(path, error)
        }
    }

    /// Hummingbird's error body is `{"error":{"message":"…"}}`; anything else is shown as is.
    private static func message(in data: Data) -> String {
        struct Body: Decodable {
            struct Inner: Decodable { var message: String }
            var error: Inner
        }
        if let body = try? JSONDecoder().decode(Body.self, from: data) { return body.error.message }
        let text = String(decoding: data, as: UTF8.self)
        return text.isEmpty ? "(no message)" : text
    }

    private static func reason(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: "connection refused"
        case .timedOut: "no answer in time"
        case .cannotFindHost: "unknown host"
        default: error.localizedDescription
        }
    }
}

/// Where the PAC's admin API is, for every admin-API subcommand.
struct AdminConnection: ParsableArguments {
    @Option(help: .init("The PAC's admin API.", valueName: "url")) var admin = "http://127.0.0.1:8723"
    @Option(help: .init("Bearer token of the admin API [$PAC_ADMIN_TOKEN].", valueName: "token")) var token: String?

    var client: AdminClient {
        get throws {
            guard let url = URL(string: admin), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("--admin \(admin): not an http:// URL (e.g. http://127.0.0.1:8723)")
            }
            return AdminClient(base: url, token: token ?? ProcessInfo.processInfo.environment["PAC_ADMIN_TOKEN"])
        }
    }
}

/// The admin API's connection and `--json`, for subcommands that print what the PAC answered.
struct AdminOptions: ParsableArguments {
    @OptionGroup var connection: AdminConnection
    @Flag(help: "Print the admin API's JSON instead of text.") var json = false

    var client: AdminClient { get throws { try connection.client } }

    /// Prints the JSON as the PAC sent it.
    func printJSON(_ data: Data) {
        print(String(decoding: data, as: UTF8.self))
    }
}

/// Runs a client command's body; a failure is printed as one line and exits with status 1.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as AdminClient.Failure {
        FileHandle.standardError.write(Data("pac: \(failure)\n".utf8))
        throw ExitCode(1)
    }
}
