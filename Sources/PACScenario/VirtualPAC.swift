import GRETransport
import LineHAL
import Logging
import NIOCore
import NIOEmbedded
import PAC
import PPTPProtocol
import PPTPWire
import SimulatedLines

/// The PAC engine on the simulated world and the scenario's PNS, in one process on a virtual
/// clock: no sockets, every control message and GRE packet encoded and decoded by the real
/// codecs on in-memory channels. Ten minutes of a scenario take as long as their events.
final class VirtualPAC: ScenarioTarget {
    static let pacAddress = try! SocketAddress(ipAddress: "198.18.0.1", port: 1723)
    static let pnsAddress = try! SocketAddress(ipAddress: "198.18.0.2", port: 40000)
    /// How far the clock moves between looks at the scenario's condition.
    static let tick = TimeAmount.milliseconds(10)

    private let loop = EmbeddedEventLoop()
    private let start: NIODeadline
    private let world: SimulatedWorld
    private let engine: PACEngine
    private let network = InMemoryNetwork()
    private let pnsGRE: GRESocket
    private let pnsConfiguration: ControlConnectionConfiguration
    private var pns: ScenarioPNS?
    private var tunnels: [UInt16: GRECallKey] = [:]

    init(settings: WorldSettings, profiles: [LineProfile], seed: UInt64, logger: Logger) throws {
        start = loop.now
        let timing = NetworkTiming(rawValue: settings.timing) ?? .realistic
        world = try SimulatedWorld.embeddedDefault(
            eventLoop: loop, profiles: profiles, analogLines: settings.analogLines, seed: seed, timing: timing.switchTiming)
        let pacGRE = try Self.greHost(Self.pacAddress, on: loop, network: network)
        pnsGRE = try Self.greHost(Self.pnsAddress, on: loop, network: network)
        let control = ControlConnectionConfiguration(
            role: .pac, hostName: "pac", vendorName: "PAC (Swift)", keepAliveInterval: settings.keepAliveInterval)
        engine = PACEngine(
            configuration: PACConfiguration(control: control), pool: world.pool, gre: pacGRE, eventLoop: loop, logger: logger)
        pnsConfiguration = ScenarioPNS.configuration(keepAlive: settings.keepAliveInterval)
    }

    private static func greHost(_ address: SocketAddress, on loop: EmbeddedEventLoop, network: InMemoryNetwork) throws -> GRESocket {
        let channel = EmbeddedChannel(loop: loop)
        try channel.connect(to: address).wait()
        network.attachHost(channel, address: address)
        return try GRESocket.attach(to: channel)
    }

    // MARK: ScenarioTarget

    func connect() throws {
        let pacEnd = EmbeddedChannel(loop: loop)
        try ControlServer.configure(pacEnd, engine: engine)
        let pnsEnd = EmbeddedChannel(loop: loop)
        let pns = ScenarioPNS(configuration: pnsConfiguration, now: loop.now)
        try pnsEnd.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(ControlMessageDecoder()), MessageToByteHandler(ControlMessageEncoder()), pns,
        ])
        self.pns = pns
        network.connectStream(pacEnd, pnsEnd)
        try pacEnd.connect(to: Self.pnsAddress).wait()  // the engine sees the PNS's address
        try pnsEnd.connect(to: Self.pacAddress).wait()
        settle()
    }

    func withPNS<T: Sendable>(_ body: @escaping @Sendable (ScenarioPNS) -> T) -> T? {
        pns.map(body)
    }

    func pass(until condition: @escaping @Sendable (ScenarioPNS) -> Bool, limit: TimeAmount) -> Bool {
        let end = loop.now + limit
        settle()
        while !(pns.map(condition) ?? false) {
            guard loop.now < end else { return false }
            loop.advanceTime(by: min(Self.tick, end - loop.now))
            settle()
        }
        return true
    }

    var elapsed: TimeAmount { loop.now - start }

    /// Runs what is due and carries every byte until nothing moves.
    private func settle() {
        repeat { loop.run() } while network.pump()
    }

    func openTunnel(callID: UInt16, peerCallID: UInt16, peerWindow: UInt16, peerProcessingDelay: UInt16) throws {
        let window = TunnelWindow.pns(
            peerCallID: peerCallID, peerWindow: peerWindow, peerProcessingDelay: peerProcessingDelay,
            receiveWindow: pnsConfiguration.receiveWindowSize)
        let pns = self.pns
        tunnels[callID] = try pnsGRE.openCall(peer: Self.pacAddress, localCallID: callID, window: window) { _ in
            pns?.frameArrived(on: callID)
        }
    }

    func sendFrames(callID: UInt16, _ frames: [ByteBuffer]) throws {
        guard let key = tunnels[callID] else { throw ScenarioTargetError("the call has no GRE tunnel (it is not connected)") }
        for frame in frames { pnsGRE.send(frame, on: key) }
        settle()
    }

    func ring(line: Int, from caller: String, dialed: String) throws {
        try world.network.ring(simulatedLine(line), from: caller, dialed: dialed)
        settle()
    }

    func impair(line: Int, _ settings: ImpairmentSettings) throws {
        try simulatedLine(line).impairments = Impairments(
            bitErrorRate: settings.bitErrorRate, latency: settings.latency, hardwareOverrunRate: settings.hardwareOverrunRate,
            carrierLoss: settings.dropCarrierAfter.map { loop.now + $0 })
        settle()
    }

    private func simulatedLine(_ id: Int) throws -> SimulatedLine {
        guard let line = world.lines.first(where: { $0.id == LineID(id) }) else {
            let ranges = world.lines.map(\.id.rawValue).sorted().reduce(into: [ClosedRange<Int>]()) { ranges, id in
                if let last = ranges.last, last.upperBound + 1 == id { ranges[ranges.count - 1] = last.lowerBound...id } else { ranges.append(id...id) }
            }
            let lines = ranges.map { "\($0.lowerBound)...\($0.upperBound)" }.joined(separator: ", ")
            throw ScenarioTargetError("the PAC has no line \(id) (its lines: \(lines))")
        }
        return line
    }

    func line(ofPNSCall callID: UInt16) -> Int? {
        engine.callStatuses().first { $0.peerCallID == callID }?.line
    }

    func pacHangUp(pnsCallID: UInt16) throws {
        guard let call = engine.callStatuses().first(where: { $0.peerCallID == pnsCallID }) else {
            throw ScenarioTargetError("the PAC has no call for PNS Call ID \(pnsCallID)")
        }
        try engine.hangUp(callID: call.callID)
        settle()
    }

    func shutDown() {
        _ = engine.shutdown(grace: .seconds(1))
        _ = pass(until: { !$0.isOpen }, limit: .seconds(2))
        for key in tunnels.values { pnsGRE.closeCall(key) }
        tunnels.removeAll()
    }
}
