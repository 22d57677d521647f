import NIOCore

/// Passes datagrams from the raw socket to the demultiplexer; flushes replies once per read
/// burst. While in the pipeline it is also where the demultiplexer writes.
final class GREInboundHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let demultiplexer: GREDemultiplexer

    init(_ demultiplexer: GREDemultiplexer) {
        self.demultiplexer = demultiplexer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        demultiplexer.output = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        demultiplexer.output = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        demultiplexer.receive(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        demultiplexer.readComplete()
    }
}
