import Foundation
import GRETransport
import NIOCore
import NIOPosix
import PAC
import PACAdminClient
import PPTPProtocol
import PPTPWire

/// A running PAC (`pac serve`, or any PAC) in real time: the scenario's PNS connects over TCP
/// and sends frames over GRE like any PNS; ringing a line and hanging a call up at the PAC go
/// through its admin API (docs/admin-api.md), and so does impairing one of its simulated lines.
final class LivePAC: ScenarioTarget {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let loop: any EventLoop
    private let host: String
    private let port: Int
    private let admin: AdminClient
    private let start = NIODeadline.now()
    private let pnsConfiguration: ControlConnectionConfiguration
    private var pns: NIOLoopBound<ScenarioPNS>?
    private var control: (any Channel)?
    private var gre: GRESocket?
    /// Each connected call's tunnel parameters; its GRE end opens when frames are first sent,
    /// so scenarios without frames need no raw-socket privilege.
    private var tunnels: [UInt16: (window: TunnelWindow, key: GRECallKey?)] = [:]

    init(host: String, port: Int, admin: AdminClient, settings: WorldSettings) {
        loop = group.next()
        self.host = host
        self.port = port
        self.admin = admin
        pnsConfiguration = ScenarioPNS.configuration(keepAlive: settings.keepAliveInterval)
    }

    func connect() throws {
        let (configuration, loop) = (pnsConfiguration, loop)
        let pns = try loop.submit { NIOLoopBound(ScenarioPNS(configuration: configuration, now: loop.now), eventLoop: loop) }.wait()
        do {
            control = try ClientBootstrap(group: loop).bound(towardPAC: host)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers([
                            ByteToMessageHandler(ControlMessageDecoder()), MessageToByteHandler(ControlMessageEncoder()), pns.value,
                        ])
                    }
                }
                .connect(host: host, port: port).wait()
        } catch {
            throw ScenarioTargetError("cannot open a control connection to \(host):\(port): \(error)")
        }
        self.pns = pns
    }

    func withPNS<T: Sendable>(_ body: @escaping @Sendable (ScenarioPNS) -> T) -> T? {
        guard let pns else { return nil }
        return try? loop.submit { body(pns.value) }.wait()
    }

    func pass(until condition: @escaping @Sendable (ScenarioPNS) -> Bool, limit: TimeAmount) -> Bool {
        let end = NIODeadline.now() + limit
        while withPNS(condition) != true {
            guard NIODeadline.now() < end else { return false }
            usleep(10_000)
        }
        return true
    }

    var elapsed: TimeAmount { NIODeadline.now() - start }

    // MARK: Frames

    func openTunnel(callID: UInt16, peerCallID: UInt16, peerWindow: UInt16, peerProcessingDelay: UInt16) throws {
        let window = TunnelWindow.pns(
            peerCallID: peerCallID, peerWindow: peerWindow, peerProcessingDelay: peerProcessingDelay,
            receiveWindow: pnsConfiguration.receiveWindowSize)
        tunnels[callID] = (window, nil)
    }

    func sendFrames(callID: UInt16, _ frames: [ByteBuffer]) throws {
        guard let tunnel = tunnels[callID], let pns else {
            throw ScenarioTargetError("the call has no GRE tunnel (it is not connected)")
        }
        let gre = try greSocket()
        let key: GRECallKey
        if let open = tunnel.key {
            key = open
        } else {
            let peer = try SocketAddress.makeAddressResolvingHost(host, port: 0)
            key = try loop.submit {
                try gre.openCall(peer: peer, localCallID: callID, window: tunnel.window) { _ in pns.value.frameArrived(on: callID) }
            }.wait()
            tunnels[callID]?.key = key
        }
        try loop.submit { for frame in frames { gre.send(frame, on: key) } }.wait()
    }

    private func greSocket() throws -> GRESocket {
        if let gre { return gre }
        do {
            let socket = try GRESocket.start(on: loop, towardPAC: host).wait()
            gre = socket
            return socket
        } catch {
            throw ScenarioTargetError("frames need a GRE socket: \(error)")
        }
    }

    // MARK: The PAC's side, through its admin API

    func ring(line: Int, from caller: String, dialed: String) throws {
        let query = "from=\(Self.percentEncoded(caller))&to=\(Self.percentEncoded(dialed))"
        _ = try admin.sendAndWait("POST", "/v1/lines/\(line)/ring?\(query)")
    }

    func impair(line: Int, _ settings: ImpairmentSettings) throws {
        let wire = PACAdminClient.ImpairmentSettings(
            bitErrorRate: settings.bitErrorRate, latencyMilliseconds: Double(settings.latency.nanoseconds) / 1e6,
            dropCarrierAfterSeconds: settings.dropCarrierAfter.map { Double($0.nanoseconds) / 1e9 },
            hardwareOverrunRate: settings.hardwareOverrunRate)
        _ = try admin.sendAndWait("PUT", "/v1/lines/\(line)/impairments", body: try JSONEncoder().encode(wire))
    }

    func line(ofPNSCall callID: UInt16) -> Int? {
        try? pacCall(callID)?.line
    }

    func pacHangUp(pnsCallID: UInt16) throws {
        guard let call = try pacCall(pnsCallID) else {
            throw ScenarioTargetError("the PAC lists no call for PNS Call ID \(pnsCallID)")
        }
        _ = try admin.sendAndWait("DELETE", "/v1/calls/\(call.callID)")
    }

    /// The PAC's record of our call: its peer is this PNS's address and its peer Call ID ours.
    private func pacCall(_ callID: UInt16) throws -> CallStatus? {
        let calls = try admin.decode([CallStatus].self, from: try admin.sendAndWait("GET", "/v1/calls"), path: "/v1/calls")
        let us = control?.localAddress?.ipAddress
        return calls.first { $0.peerCallID == callID && (us == nil || $0.peer == us) }
    }

    private static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    func shutDown() {
        if let control, control.isActive { _ = try? control.close().wait() }
        if let gre { _ = try? gre.close().wait() }
        try? group.syncShutdownGracefully()
    }
}
