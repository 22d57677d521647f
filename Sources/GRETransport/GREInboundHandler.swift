import NIOCore

/// Passes datagrams from the raw socket to the demultiplexer: the one the channel read, then
/// those `receiver` takes after it; flushes replies once per read burst. While in the pipeline
/// it is also where the demultiplexer writes when it has no `RawDatagramSender`.
final class GREInboundHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let demultiplexer: GREDemultiplexer
    private let receiver: RawDatagramReceiver?

    init(_ demultiplexer: GREDemultiplexer, receiver: RawDatagramReceiver?) {
        self.demultiplexer = demultiplexer
        self.receiver = receiver
    }

    func handlerAdded(context: ChannelHandlerContext) {
        demultiplexer.output = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        demultiplexer.output = nil
    }

    /// The channel has closed the descriptor.
    func channelInactive(context: ChannelHandlerContext) {
        demultiplexer.detachSender()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        demultiplexer.receive(unwrapInboundIn(data).data)
        receiver?.drain { demultiplexer.receive($0) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        demultiplexer.readComplete()
    }
}
