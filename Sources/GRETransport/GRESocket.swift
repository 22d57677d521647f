import NIOCore
import NIOPosix
import PPTPProtocol

/// The raw IP protocol 47 socket shared by every call on one event loop (RFC 2637 §4):
/// datagrams are demultiplexed by (peer IPv4 address, Call ID) to the call's `TunnelWindow`,
/// and the windows' packets are written back through it. One timer per loop serves every
/// call's deadline.
///
/// The call methods must be called on `eventLoop`; they trap elsewhere.
public final class GRESocket: Sendable {
    public let eventLoop: EventLoop
    private let channel: Channel
    private let demultiplexer: NIOLoopBound<GREDemultiplexer>

    private init(channel: Channel, demultiplexer: NIOLoopBound<GREDemultiplexer>) {
        self.eventLoop = channel.eventLoop
        self.channel = channel
        self.demultiplexer = demultiplexer
    }

    /// Opens the socket on `eventLoop`, bound to the IPv4 address `address` (all local
    /// addresses by default). The socket is created on the loop's thread, so it lives in that
    /// thread's network namespace. Fails with `GRESocketError.needsRawSocketPrivilege` without
    /// root or CAP_NET_RAW.
    ///
    /// Datagrams move on the descriptor itself, `recvmmsg` and `sendmmsg` in batches
    /// (`RawDatagramReceiver`, `RawDatagramSender`); NIO's datagram channel watches it and
    /// reads the first datagram of each wake-up.
    public static func start(on eventLoop: EventLoop, address: String = "0.0.0.0") -> EventLoopFuture<GRESocket> {
        eventLoop.flatSubmit {
            let descriptor: CInt
            do { descriptor = try RawGRESocketDescriptor.open(address: address) } catch {
                return eventLoop.makeFailedFuture(error)
            }
            let demultiplexer = NIOLoopBound(GREDemultiplexer(eventLoop: eventLoop), eventLoop: eventLoop)
            return DatagramBootstrap(group: eventLoop)
                .channelOption(.maxMessagesPerRead, value: 1)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: RawDatagramReceiver.slotSize))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        demultiplexer.value.sender = RawDatagramSender(descriptor: descriptor)
                        let handler = GREInboundHandler(demultiplexer.value, receiver: RawDatagramReceiver(descriptor: descriptor))
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .withBoundSocket(descriptor)
                .flatMapErrorThrowing { error in throw GRESocketError.opening(error, address: address) }
                .map { channel in GRESocket(channel: channel, demultiplexer: demultiplexer) }
        }
    }

    /// A GRE socket over `channel`, which must carry what a raw IPv4 socket carries:
    /// `AddressedEnvelope<ByteBuffer>`, inbound datagrams with their IP header, whose source
    /// address is the sender's. The scenario runner's in-memory network uses it; call it on
    /// the channel's event loop. Datagrams go out as envelopes through the channel.
    public static func attach(to channel: Channel) throws -> GRESocket {
        let demultiplexer = NIOLoopBound(GREDemultiplexer(eventLoop: channel.eventLoop), eventLoop: channel.eventLoop)
        try channel.pipeline.syncOperations.addHandler(GREInboundHandler(demultiplexer.value, receiver: nil))
        return GRESocket(channel: channel, demultiplexer: demultiplexer)
    }

    /// Registers a call: GRE packets from `peer` carrying `localCallID` go to `window`, and the
    /// frames it releases go to `deliver`, in sequence, on the event loop. Only `peer`'s IPv4
    /// address counts; a port (say, of the control connection) is ignored. `tap`, when given,
    /// sees each of the call's GRE packets both ways (packet capture).
    @discardableResult
    public func openCall(
        peer: SocketAddress, localCallID: UInt16, window: TunnelWindow, tap: GRETap? = nil,
        deliver: @escaping (ByteBuffer) -> Void
    ) throws(GRESocketError) -> GRECallKey {
        let key = try GRECallKey(peer: peer, callID: localCallID)
        try demultiplexer.value.open(key, window: window, tap: tap, deliver: deliver)
        return key
    }

    /// A PPP frame from the line for the call; false if the call is not open. A frame with
    /// room in front of it for the GRE header (`ByteBuffer.lineFrameHeadroom`) whose buffer
    /// is not shared leaves in that buffer; any other is copied behind a new header.
    @discardableResult
    public func send(_ frame: consuming ByteBuffer, on call: GRECallKey) -> Bool {
        demultiplexer.value.send(consume frame, on: call)
    }

    /// Forgets the call; returns its final statistics, or nil if it was not open.
    @discardableResult
    public func closeCall(_ call: GRECallKey) -> TunnelStatistics? {
        demultiplexer.value.close(call)
    }

    /// The call's counters, window and time-out now; nil if it is not open.
    public func statistics(for call: GRECallKey) -> TunnelStatistics? {
        demultiplexer.value.callStatistics(call)
    }

    /// Datagrams moved, and those dropped before reaching a call, by reason.
    public var statistics: GRESocketStatistics {
        demultiplexer.value.statistics
    }

    /// Closes the socket and forgets every call.
    public func close() -> EventLoopFuture<Void> {
        eventLoop.flatSubmit {
            self.demultiplexer.value.shutDown()
            return self.channel.close()
        }
    }
}
