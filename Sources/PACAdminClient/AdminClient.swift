import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An HTTP client for a running PAC's admin API (docs/admin-api.md), used by the `pac`
/// operator subcommands and by real-time scenarios: Foundation's URLSession, so no HTTP
/// client package is needed.
public struct AdminClient: Sendable {
    public let base: URL
    public let token: String?

    public init(base: URL, token: String?) {
        self.base = base
        self.token = token
    }

    /// Why a request got no answer the caller can use.
    public enum Failure: Error, CustomStringConvertible {
        case unreachable(URL, String)
        case refused(status: Int, message: String)
        case unreadable(String, Error)

        public var description: String {
            switch self {
            case .unreachable(let url, let why):
                "cannot reach the PAC's admin API at \(url.absoluteString): \(why). Is `pac serve` running there (see --admin)?"
            case .refused(let status, let message): "the PAC answered \(status): \(message)"
            case .unreadable(let path, let error): "the PAC's answer to \(path) is not what this pac expects: \(error)"
            }
        }
    }

    /// Sends a request and returns the body of a 2xx answer.
    public func send(_ method: String, _ path: String, body: Data? = nil, timeout: TimeInterval = 15) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            start(method, path, body: body, timeout: timeout) { continuation.resume(with: $0) }
        }
    }

    /// `send` for callers that run step by step on their own thread (a real-time scenario):
    /// blocks until the answer is in.
    public func sendAndWait(_ method: String, _ path: String, body: Data? = nil, timeout: TimeInterval = 15) throws -> Data {
        let done = DispatchSemaphore(value: 0)
        let result = LockedResult()
        start(method, path, body: body, timeout: timeout) {
            result.set($0)
            done.signal()
        }
        done.wait()
        return try result.get()
    }

    private func start(
        _ method: String, _ path: String, body: Data?, timeout: TimeInterval,
        _ completion: @escaping @Sendable (Result<Data, Failure>) -> Void
    ) {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!, timeoutInterval: timeout)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let base = self.base
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                return completion(.failure(.unreachable(base, (error as? URLError).map(Self.reason) ?? "\(error)")))
            }
            let data = data ?? Data()
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else {
                return completion(.failure(.refused(status: status, message: Self.message(in: data))))
            }
            completion(.success(data))
        }.resume()
    }

    /// The answer a blocked `sendAndWait` waits for, set from URLSession's thread.
    private final class LockedResult: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<Data, Failure> = .failure(.refused(status: 0, message: "no answer"))
        func set(_ value: Result<Data, Failure>) { lock.withLock { result = value } }
        func get() throws -> Data { try lock.withLock { result }.get() }
    }

    /// Sends a request and decodes its JSON answer.
    public func fetch<T: Decodable>(
        _ type: T.Type, _ path: String, method: String = "GET", body: Data? = nil, timeout: TimeInterval = 15
    ) async throws -> (T, Data) {
        let data = try await send(method, path, body: body, timeout: timeout)
        return (try decode(T.self, from: data, path: path), data)
    }

    /// Decodes an answer's JSON; a mismatch names the request.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
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

