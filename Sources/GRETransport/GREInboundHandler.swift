import NIOCore

/// Passes datagrams from the raw socket to the demultiplexer; flushes replies once per read
/// burst.
final class GREInboundHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let demultiplexer: GREDemultiplexer

    init(_ demultiplexer: GREDemultiplexer) {
        self.demultiplexer = demultiplexer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        demultiplexer.receive(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        demultiplexer.readComplete()
    }
}
