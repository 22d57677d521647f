import Foundation
import NIOCore
import NIOPosix

/// Just enough HTTP/1.1 for a running PAC's admin API (docs/admin-api.md): one request per
/// connection (`Connection: close`), the response read until the server closes.
struct AdminClient {
    var host: String
    var port: Int
    var token: String?

    struct Response {
        var status: Int
        var body: String
    }

    func request(_ method: String, _ path: String, on loop: any EventLoop) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nContent-Length: 0\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        let (collector, response) = try loop.submit {
            let collector = ResponseCollector(promise: loop.makePromise())
            return (NIOLoopBound(collector, eventLoop: loop), collector.promise.futureResult)
        }.wait()
        let channel = try ClientBootstrap(group: loop)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector.value) }
            }
            .connect(host: host, port: port).wait()
        try channel.writeAndFlush(ByteBuffer(string: head + "\r\n")).wait()
        let raw = try response.wait()
        return try Self.parse(raw, request: "\(method) \(path)")
    }

    /// Collects the response bytes until the server closes the connection.
    final class ResponseCollector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let promise: EventLoopPromise<String>
        private var bytes = ByteBuffer()

        init(promise: EventLoopPromise<String>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var part = unwrapInboundIn(data)
            bytes.writeBuffer(&part)
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.succeed(String(buffer: bytes))
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            promise.fail(error)
            context.close(promise: nil)
        }
    }

    static func parse(_ raw: String, request: String) throws -> Response {
        guard let split = raw.range(of: "\r\n\r\n"),
            let statusLine = raw[..<split.lowerBound].split(separator: "\r\n").first,
            let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw ScenarioTargetError("the admin API answered \(request) with something that is not HTTP") }
        let headers = raw[..<split.lowerBound].lowercased()
        var body = String(raw[split.upperBound...])
        if headers.contains("transfer-encoding: chunked") { body = dechunk(body) }
        return Response(status: status, body: body)
    }

    /// The body of a chunked response: each chunk is a hex length line, the data, CRLF.
    private static func dechunk(_ text: String) -> String {
        var rest = Substring(text)
        var body = ""
        while let lineEnd = rest.range(of: "\r\n"), let length = Int(rest[..<lineEnd.lowerBound], radix: 16), length > 0 {
            let data = rest[lineEnd.upperBound...].utf8.prefix(length)
            body += String(decoding: data, as: UTF8.self)
            rest = rest[lineEnd.upperBound...].dropFirst(data.count).dropFirst(2)
        }
        return body
    }
}
