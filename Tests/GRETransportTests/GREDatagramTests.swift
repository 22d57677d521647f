import LineHAL
import NIOCore
import NIOEmbedded
import PPTPProtocol
import PPTPWire
import Testing

@testable import GRETransport

/// How a frame from a line becomes a GRE datagram (RFC 2637 §4.1): in its own buffer, the
/// header written into the room a line leaves in front of it, unless that would change a
/// buffer someone else holds.
@Suite("GRE datagrams from line frames")
struct GREDatagramTests {
    private static let payload: [UInt8] = [0xFF, 0x03, 0xC0, 0x21, 0x09, 0x01, 0x00, 0x08]
    private static let header = GREHeader(payloadLength: 8, callID: 9, sequenceNumber: 7, acknowledgmentNumber: 6)

    private static func lineFrame() -> ByteBuffer { payload.withUnsafeBytes { ByteBuffer(lineFrame: $0) } }

    private static func address(_ buffer: ByteBuffer) -> UInt {
        buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
    }

    /// Header then payload, as a new buffer would hold them.
    private static func expected(_ header: GREHeader) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeGREHeader(header)
        buffer.writeBytes(payload)
        return Array(buffer.readableBytesView)
    }

    @Test("a line's frame takes its header in the room in front of it, for every header length", arguments: [
        header, GREHeader(payloadLength: 8, callID: 9, sequenceNumber: 7, acknowledgmentNumber: nil),
    ])
    func inPlace(header: GREHeader) {
        let frame = Self.lineFrame()
        let payloadAddress = Self.address(frame)
        let datagram = GREDemultiplexer.datagram(GREPacket(header: header, payload: consume frame), allocator: .init())
        #expect(Array(datagram.readableBytesView) == Self.expected(header))
        #expect(Self.address(datagram) == payloadAddress - UInt(header.encodedLength))
    }

    @Test("a frame someone else still holds is copied, and the holder's bytes stay as they were")
    func sharedFrameIsCopied() {
        let frame = Self.lineFrame()
        let holder = frame
        let datagram = GREDemultiplexer.datagram(GREPacket(header: Self.header, payload: frame), allocator: .init())
        #expect(Array(datagram.readableBytesView) == Self.expected(Self.header))
        #expect(Self.address(datagram) != Self.address(holder) - 16)
        var whole = holder
        whole.moveReaderIndex(to: 0)
        #expect(Array(whole.readableBytesView) == [UInt8](repeating: 0, count: 16) + Self.payload)
    }

    @Test("a frame with no room in front is copied behind a new header")
    func noRoomIsCopied() {
        let datagram = GREDemultiplexer.datagram(
            GREPacket(header: Self.header, payload: ByteBuffer(bytes: Self.payload)), allocator: .init())
        #expect(Array(datagram.readableBytesView) == Self.expected(Self.header))
    }

    @Test("through the socket: a line's frame leaves in the buffer it came in")
    func throughTheSocket() throws {
        let channel = EmbeddedChannel()
        let socket = try GRESocket.attach(to: channel)
        let window = TunnelWindow(
            configuration: .init(
                peerCallID: 9, peerReceiveWindowSize: 64, peerPacketProcessingDelay: .zero, receiveWindowSize: 64))
        let key = try socket.openCall(peer: SocketAddress(ipAddress: "198.18.0.2", port: 0), localCallID: 5, window: window) { _ in }
        let frame = Self.lineFrame()
        let payloadAddress = Self.address(frame)
        // Not inside #expect, which keeps its arguments (and so a second reference) for its report.
        let accepted = socket.send(consume frame, on: key)
        #expect(accepted)
        channel.embeddedEventLoop.run()
        let sent = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        var datagram = sent.data
        let packet = try datagram.readGREPacket()
        #expect(packet.header.callID == 9)
        #expect(Array(packet.payload.readableBytesView) == Self.payload)
        #expect(Self.address(sent.data) == payloadAddress - UInt(packet.header.encodedLength))
    }
}
