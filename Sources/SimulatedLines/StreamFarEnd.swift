import LineHAL
import NIOCore
import NIOPosix

/// `FarEndKind.pseudoTerminal` and `.tcp`: the call's characters cross a NIO channel to a real
/// program. The channel runs on the line's own event loop, so no hop is needed either way.
final class StreamFarEnd: FarEnd {
    enum Endpoint {
        case pseudoTerminal(PseudoTerminal)
        case tcp(host: String, port: Int)
    }

    private let eventLoop: any EventLoop
    private let endpoint: Endpoint
    private var port: CircuitPort?
    private var channel: (any Channel)?
    /// Characters from the line that arrived before the channel was up.
    private var pending: ByteBuffer?

    init(endpoint: Endpoint, eventLoop: any EventLoop) {
        self.endpoint = endpoint
        self.eventLoop = eventLoop
    }

    func start(port: CircuitPort) {
        self.port = port
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Void> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(StreamFarEndHandler(farEnd: bound.value))
            }
        }
        let connecting: EventLoopFuture<any Channel>
        switch endpoint {
        case .pseudoTerminal(let terminal):
            connecting = NIOPipeBootstrap(group: eventLoop).channelInitializer(initializer)
                .takingOwnershipOfDescriptor(inputOutput: terminal.controllingDescriptor)
        case .tcp(let host, let tcpPort):
            connecting = ClientBootstrap(group: eventLoop).channelInitializer(initializer)
                .connect(host: host, port: tcpPort)
        }
        connecting.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let channel): self.connected(channel)
            // The line answered but nothing is there to talk to.
            case .failure: self.port?.hangUp(CallClearing(cause: .destinationOutOfOrder, reason: .noCarrier))
            }
        }
    }

    private func connected(_ channel: any Channel) {
        guard port != nil else {
            channel.close(promise: nil)
            return
        }
        self.channel = channel
        if let pending {
            channel.writeAndFlush(pending, promise: nil)
            self.pending = nil
        }
    }

    func receive(_ characters: UnsafeRawBufferPointer) {
        if let channel {
            channel.writeAndFlush(channel.allocator.buffer(bytes: characters), promise: nil)
        } else {
            pending = pending ?? ByteBufferAllocator().buffer(capacity: characters.count)
            pending!.writeBytes(characters)
        }
    }

    func stop() {
        port = nil
        channel?.close(promise: nil)
        channel = nil
    }

    /// From the channel: characters for the line, or the program went away.
    fileprivate func channelRead(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { port?.transmit($0) }
    }

    fileprivate func channelClosed() {
        channel = nil
        port?.hangUp(CallClearing(cause: .normalClearing, reason: .remoteHangUp))
    }
}

private final class StreamFarEndHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let farEnd: StreamFarEnd

    init(farEnd: StreamFarEnd) { self.farEnd = farEnd }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        farEnd.channelRead(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        farEnd.channelClosed()
        context.fireChannelInactive()
    }
}
