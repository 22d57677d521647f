import InteropSupport
import Foundation
import HDLC
import LineHAL
import NIOCore
import NIOPosix
import SimulatedLines
import Testing

/// Far ends that are real programs: a pseudo-terminal and a TCP peer. These run on a real
/// NIOPosix event loop, in real (short) time.
@Suite("Pseudo-terminal and TCP far ends", .serialized)
struct StreamFarEndTests {
    /// Everything the loop owns for one test.
    final class Harness: LineDelegate {
        let line: SimulatedLine
        var events: [LineEvent] = []
        var frames: [[UInt8]] = []

        init(loop: any EventLoop, farEnd: FarEndKind) {
            let instant = ModemProfile(
                modulation: .v34, minimumSpeed: 2400, maximumDownstreamSpeed: 33600, maximumUpstreamSpeed: 33600,
                trainUpMilliseconds: 0)
            let network = SimulatedSwitch(
                eventLoop: loop, seed: 1, timing: SwitchTiming(dialing: .zero, ringCycle: .zero, tick: .milliseconds(1)))
            network.addSubscriber("1", Subscriber(behaviour: .answer(afterRings: 0), equipment: .modem(instant), farEnd: farEnd))
            line = network.makeModemLine(id: LineID(1), modem: instant)
            line.delegate = self
        }

        func line(_ line: any Line, didReport event: LineEvent) { events.append(event) }
        func line(_ line: any Line, didReceive frame: ByteBuffer) { frames.append(Array(frame.readableBytesView)) }
    }

    private static func start(_ farEnd: FarEndKind, on loop: any EventLoop) throws -> NIOLoopBound<Harness> {
        try loop.submit {
            let harness = Harness(loop: loop, farEnd: farEnd)
            try harness.line.dial(DialRequest(number: "1", bearer: .analog))
            return NIOLoopBound(harness, eventLoop: loop)
        }.wait()
    }

    /// Polls `condition` on the loop for up to five seconds.
    private static func waitFor(
        _ harness: NIOLoopBound<Harness>, on loop: any EventLoop, _ condition: @escaping @Sendable (Harness) -> Bool
    ) throws -> Bool {
        for _ in 0..<500 {
            if try loop.submit({ condition(harness.value) }).wait() { return true }
            usleep(10_000)
        }
        return false
    }

    private static let frame: [UInt8] = [0xFF, 0x03, 0xC0, 0x21, 0x01, 0x01, 0x00, 0x04, 0x7E, 0x11]

    private static var encodedFrame: [UInt8] {
        var characters: [UInt8] = []
        AsyncHDLCEncoder().encode(frame, into: &characters)
        return characters
    }

    @Test("a program on the pseudo-terminal reads the line's async HDLC and its frames reach the line")
    func pseudoTerminal() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let loop = group.next()
        let terminal = try PseudoTerminal.openPair()
        let device = open(terminal.devicePath, O_RDWR | O_NOCTTY)
        #expect(device >= 0)
        defer { close(device) }
        let harness = try Self.start(.pseudoTerminal(terminal), on: loop)
        #expect(try Self.waitFor(harness, on: loop) { $0.events == [.connected(transmitSpeed: 33600, receiveSpeed: 33600)] })

        try loop.submit { harness.value.line.send(frame: ByteBufferAllocator().buffer(bytes: Self.frame)) }.wait()
        var received: [UInt8] = []
        var descriptor = pollfd(fd: device, events: Int16(POLLIN), revents: 0)
        while received.count < Self.encodedFrame.count, poll(&descriptor, 1, 2000) > 0 {
            var chunk = [UInt8](repeating: 0, count: 256)
            let count = read(device, &chunk, chunk.count)
            guard count > 0 else { break }
            received += chunk[..<count]
        }
        #expect(received == Self.encodedFrame)

        let written = Self.encodedFrame.withUnsafeBytes { write(device, $0.baseAddress, $0.count) }
        #expect(written == Self.encodedFrame.count)
        #expect(try Self.waitFor(harness, on: loop) { $0.frames == [Self.frame] })
        try loop.submit { harness.value.line.hangUp(cause: .normalClearing) }.wait()
    }

    @Test("a TCP echo peer returns the frames; its closing the connection clears the call as a remote hang-up")
    func tcp() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let loop = group.next()
        let accepted = loop.makePromise(of: (any Channel).self)
        let server = try ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                accepted.succeed(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(EchoHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        defer { try? server.close().wait() }
        let port = try #require(server.localAddress?.port)

        let harness = try Self.start(.tcp(host: "127.0.0.1", port: port), on: loop)
        #expect(try Self.waitFor(harness, on: loop) { $0.events.count == 1 })
        try loop.submit { harness.value.line.send(frame: ByteBufferAllocator().buffer(bytes: Self.frame)) }.wait()
        #expect(try Self.waitFor(harness, on: loop) { $0.frames == [Self.frame] })

        try accepted.futureResult.wait().close().wait()
        #expect(try Self.waitFor(harness, on: loop) {
            $0.events.last == .cleared(CallClearing(cause: .normalClearing, reason: .remoteHangUp))
        })
    }
}

extension StreamFarEndTests {
    @Test("a TCP far end nobody listens on clears the call: destination out of order, no carrier")
    func tcpRefused() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let loop = group.next()
        let closed = try ClosedTCPPort()
        let harness = try Self.start(.tcp(host: "127.0.0.1", port: closed.port), on: loop)
        #expect(try Self.waitFor(harness, on: loop) {
            $0.events.last == .cleared(CallClearing(cause: .destinationOutOfOrder, reason: .noCarrier))
        })
        withExtendedLifetime(closed) {}
    }
}

private final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(data, promise: nil)
    }
}
