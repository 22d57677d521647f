import NIOCore
import NIOPosix

/// An open port and the NIO channel that carries its data: the line's link to its modem.
/// Closing it closes both; events from a connection the line already dropped are ignored
/// because the line compares connections by identity.
final class PortConnection {
    let port: SerialPort
    let channel: any Channel

    private init(port: SerialPort, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// Opens the port and wraps a duplicate of its descriptor in a NIO pipe channel on
    /// `eventLoop`, so reads arrive as events on the line's loop (no thread per port).
    static func open(
        _ name: String, settings: SerialPortSettings, on eventLoop: any EventLoop,
        handler: @escaping @Sendable () -> any ChannelHandler
    ) -> EventLoopFuture<PortConnection> {
        let port: SerialPort
        let descriptor: CInt
        do {
            port = try SerialPort(opening: name, settings: settings)
            descriptor = try port.makeDataDescriptor()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let bound = NIOLoopBound(port, eventLoop: eventLoop)
        return NIOPipeBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler()) }
            }
            .takingOwnershipOfDescriptor(inputOutput: descriptor)
            .map { channel in PortConnection(port: bound.value, channel: channel) }
            .flatMapErrorThrowing { error in
                bound.value.close()
                throw error
            }
    }

    func write(_ bytes: [UInt8]) {
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes), promise: nil)
    }

    func close() {
        channel.close(promise: nil)
        port.close()
    }
}

/// Moves the port's bytes and failures to the line; nothing else.
final class PortChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let received: (ByteBuffer) -> Void
    private let lost: (String) -> Void

    init(received: @escaping (ByteBuffer) -> Void, lost: @escaping (String) -> Void) {
        self.received = received
        self.lost = lost
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        lost("I/O failed: \(error)")
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        lost("the port closed")
        context.fireChannelInactive()
    }
}
