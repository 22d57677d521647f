import GRETransport
import InteropSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PPTPProtocol
import PPTPWire

/// A well-behaved PNS's call to an echo number, carrying frames over GRE on loopback while
/// hostile peers do their worst: the proof that other calls keep flowing. Its Call ID is far
/// above the PAC's, so the two raw sockets on loopback never take each other's packets.
final class FlowingCall: Sendable {
    static let callID: UInt16 = 50_000

    let control: RawControlPeer
    private let greGroup: MultiThreadedEventLoopGroup
    private let gre: GRESocket
    private let key: GRECallKey
    private let received: NIOLockedValueBox<Int>
    private let sent = NIOLockedValueBox(0)

    private init(
        control: RawControlPeer, greGroup: MultiThreadedEventLoopGroup, gre: GRESocket, key: GRECallKey,
        received: NIOLockedValueBox<Int>
    ) {
        self.control = control
        self.greGroup = greGroup
        self.gre = gre
        self.key = key
        self.received = received
    }

    /// Establishes a control connection, places the call, opens its tunnel.
    static func start(port: Int, group: any EventLoopGroup) async throws -> FlowingCall {
        let control = try await RawControlPeer.connect(port: port, group: group)
        try await control.send(.startControlConnectionRequest(HostilePeerTests.startRequest))
        guard case .startControlConnectionReply(let start)? = try await control.nextMessage(), start.resultCode == .successful
        else { throw FlowingCallError.notEstablished }
        try await control.send(HostilePeerTests.outgoingCall(callID: callID, to: "5550100"))
        guard case .outgoingCallReply(let reply)? = try await control.nextMessage(within: 20), reply.resultCode == .connected
        else { throw FlowingCallError.notConnected }
        let greGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let gre = try await GRESocket.start(on: greGroup.next()).get()
        let window = TunnelWindow(
            configuration: .init(
                peerCallID: reply.callID, peerReceiveWindowSize: reply.packetReceiveWindowSize,
                peerPacketProcessingDelay: .zero, receiveWindowSize: 64))
        let received = NIOLockedValueBox(0)
        let key = try await gre.eventLoop.submit {
            try gre.openCall(peer: SocketAddress(ipAddress: "127.0.0.1", port: 0), localCallID: callID, window: window) { _ in
                received.withLockedValue { $0 += 1 }
            }
        }.get()
        return FlowingCall(control: control, greGroup: greGroup, gre: gre, key: key, received: received)
    }

    var framesReceived: Int { received.withLockedValue { $0 } }

    /// Sends one 64-octet LCP Echo-Request frame (RFC 1661 §5.8); the far end echoes it.
    func sendFrame() {
        let index = sent.withLockedValue { value in
            value += 1
            return value
        }
        var bytes = ByteBuffer(bytes: [0xFF, 0x03, 0xC0, 0x21, 0x09, UInt8(truncatingIfNeeded: index), 0x00, 0x40])
        bytes.writeRepeatingByte(0x5A, count: 56)
        let (gre, key, frame) = (gre, key, bytes)
        gre.eventLoop.execute { gre.send(frame, on: key) }
    }

    func stop() async throws {
        let (gre, key) = (gre, key)
        try await gre.eventLoop.submit { _ = gre.closeCall(key) }.get()
        try await gre.close().get()
        try await greGroup.shutdownGracefully()
        await control.close()
    }

    enum FlowingCallError: Error { case notEstablished, notConnected }
}
