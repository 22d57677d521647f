import InteropSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PPTPWire

/// A PNS played byte by byte over real TCP: sends whatever it is given and decodes what the
/// PAC answers, so a test can send what no well-behaved peer would.
final class RawControlPeer: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received = NIOLockedValueBox(ByteBuffer())

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            received.withLockedValue { $0.writeBuffer(&bytes) }
        }
    }

    let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    static func connect(port: Int, group: any EventLoopGroup) async throws -> RawControlPeer {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawControlPeer(channel: channel, collector: collector)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    func send(_ message: ControlMessage) async throws {
        var buffer = ByteBuffer()
        buffer.writeControlMessage(message)
        try await channel.writeAndFlush(buffer)
    }

    /// The next complete message from the PAC, waiting at most `seconds`; nil if none came.
    /// The bounds here are generous for a loaded CI machine: a wait that succeeds ends at once.
    func nextMessage(within seconds: Double = 20) async throws -> ControlMessage? {
        var message: ControlMessage?
        try? await waitUntil("a message from the PAC", within: seconds, pollingEvery: .milliseconds(2)) {
            message = try collector.received.withLockedValue { buffer in
                guard case .message(let message)? = try ControlMessageDecoder().next(from: &buffer) else { return nil }
                return message
            }
            return message != nil || !channel.isActive && collector.received.withLockedValue { $0.readableBytes == 0 }
        }
        return message
    }

    /// Waits for the PAC to close the connection; false if it is still open after `seconds`
    /// (generous for a loaded CI machine: a close that comes ends the wait).
    func closedByPAC(within seconds: Double = 20) async -> Bool {
        (try? await waitUntil("the PAC to close", within: seconds, pollingEvery: .milliseconds(2)) { !channel.isActive })
            != nil
    }

    var unreadOctets: Int { collector.received.withLockedValue { $0.readableBytes } }

    func close() async {
        try? await channel.close()
    }
}
