import Foundation
import GRETransport
import NIOCore
import PAC
import PPTPProtocol
import PPTPWire

/// Holds many calls up at once with a trickle of frames on each, for `pac pns hold`
/// (docs/performance.md): `connections` control connections carry the calls, every call's
/// tunnel shares one GRE socket, and one pacing task (not a timer per call) sends each call
/// one frame every `frameInterval`. Keep-alive Echo-Requests go out on every connection
/// after `keepAliveInterval` without traffic; their round trips show whether the PAC keeps
/// up with its connections. Lives on one event loop.
final class CallHolder {
    struct Report: Codable, Sendable {
        var connections: Int
        var callsRequested: Int
        var callsUp: Int
        var failures: Int
        var firstFailure: String?
        var setupSeconds: Double
        var setupsPerSecond: Int
        var heldSeconds: Double
        var framesSent: Int
        var framesReceived: Int
        var keepAliveReplies: Int
        var keepAliveP50Microseconds: Double
        var keepAliveP99Microseconds: Double
        /// Control connections that closed while the calls were held.
        var connectionsLost: Int
        var driverCPUPercent: Double
    }

    struct Plan {
        var host: String
        var port: Int
        var number: String
        var bearer: BearerType
        var calls: Int
        var callsPerConnection: Int
        var setupInFlight: Int
        var keepAliveInterval: TimeAmount
        var frameInterval: TimeAmount
    }

    private let loop: any EventLoop
    private let gre: GRESocket
    private let plan: Plan
    private let peer: SocketAddress
    private var clients: [PNSClient] = []
    private var tunnels: [GRECallKey] = []
    private var failures = 0
    private var firstFailure: String?
    private var holding = false
    private var framesSent = 0
    private var framesReceived = 0
    private var echoRoundTrips: [Int64] = []
    private var connectionsLost = 0
    private var cursor = 0
    private var owed = 0.0

    init(loop: any EventLoop, gre: GRESocket, plan: Plan) throws {
        self.loop = loop
        self.gre = gre
        self.plan = plan
        peer = try SocketAddress.makeAddressResolvingHost(plan.host, port: 0)
    }

    private var bound: NIOLoopBound<CallHolder> { NIOLoopBound(self, eventLoop: loop) }

    /// Opens the connections and places the calls; completes when every call is up or failed.
    func setUp() -> EventLoopFuture<Void> {
        let bound = self.bound
        let connectionCount = (plan.calls + plan.callsPerConnection - 1) / plan.callsPerConnection
        return Self.run(connectionCount, atMost: plan.setupInFlight, on: loop) { index in
            bound.value.connect(index)
        }.flatMap {
            let holder = bound.value
            return Self.run(holder.plan.calls, atMost: holder.plan.setupInFlight, on: holder.loop) { index in
                holder.placeCall(on: holder.clients[index % holder.clients.count])
            }
        }
    }

    private func connect(_ index: Int) -> EventLoopFuture<Void> {
        let bound = self.bound
        let perConnection = plan.callsPerConnection
        // Each connection hands out its own Call IDs: the tunnels share one GRE socket.
        let first = UInt16(1 + index * perConnection)
        return PNSClient.connect(
            host: plan.host, port: plan.port, group: loop,
            // A PAC that has not answered Start-Control-Connection-Request in 10 s counts as a
            // failure, so that a slow peer (pptpd under load) does not hold the bench for 60 s.
            configuration: .init(
                role: .pns, hostName: "pac-hold", vendorName: "PAC", setupTimeout: .seconds(10),
                keepAliveInterval: plan.keepAliveInterval),
            callIDs: first...(first + UInt16(perConnection - 1))
        ).flatMap { client in
            let holder = bound.value
            holder.clients.append(client)
            client.channel.closeFuture.whenComplete { _ in
                if bound.value.holding { bound.value.connectionsLost += 1 }
            }
            // Only the hold counts: during the set-up the PAC is busy with it.
            return client.observeEchoRoundTrips { roundTrip in
                if bound.value.holding { bound.value.echoRoundTrips.append(roundTrip.nanoseconds) }
            }
        }.recover { error in bound.value.failed(error) }
    }

    private func placeCall(on client: PNSClient) -> EventLoopFuture<Void> {
        let bound = self.bound
        return client.placeCall(.init(phoneNumber: plan.number, bearerType: plan.bearer)).flatMapThrowing { callID, reply in
            let holder = bound.value
            guard reply.resultCode == .connected else {
                throw ChurnFailure("Outgoing-Call-Reply \(reply.resultCode), cause \(reply.causeCode.rawValue)")
            }
            let window = TunnelWindow(
                configuration: .init(
                    peerCallID: reply.callID, peerReceiveWindowSize: reply.packetReceiveWindowSize,
                    peerPacketProcessingDelay: .packetProcessingDelay(tenthsOfASecond: reply.packetProcessingDelay),
                    receiveWindowSize: 64))
            let key = try holder.gre.openCall(peer: holder.peer, localCallID: callID, window: window) { _ in
                bound.value.framesReceived += 1
            }
            holder.tunnels.append(key)
        }.recover { error in bound.value.failed(error) }
    }

    private func failed(_ error: any Error) {
        failures += 1
        if firstFailure == nil { firstFailure = "\(error)" }
    }

    /// Holds the calls for `duration`, every call sending one frame each `frameInterval`.
    func hold(for duration: TimeAmount, setupSeconds: Double) -> EventLoopFuture<Report> {
        let bound = self.bound
        holding = true
        let cpu = CPUShare()
        let pace = TimeAmount.milliseconds(10)
        let pacing = loop.scheduleRepeatedTask(initialDelay: pace, delay: pace) { _ in bound.value.trickle(pace) }
        return loop.scheduleTask(in: duration) {
            pacing.cancel()
            let holder = bound.value
            holder.holding = false
            return holder.report(setupSeconds: setupSeconds, heldSeconds: Double(duration.nanoseconds) / 1e9, cpu: cpu)
        }.futureResult
    }

    /// The frames owed for one pacing period, to the calls next in turn.
    private func trickle(_ period: TimeAmount) {
        guard !tunnels.isEmpty else { return }
        owed += Double(tunnels.count) * Double(period.nanoseconds) / Double(plan.frameInterval.nanoseconds)
        while owed >= 1 {
            owed -= 1
            cursor = (cursor + 1) % tunnels.count
            if gre.send(CallTunnel.testFrame(framesSent), on: tunnels[cursor]) { framesSent += 1 }
        }
    }

    private func report(setupSeconds: Double, heldSeconds: Double, cpu: CPUShare) -> Report {
        let sorted = echoRoundTrips.sorted()
        return Report(
            connections: clients.count, callsRequested: plan.calls, callsUp: tunnels.count, failures: failures,
            firstFailure: firstFailure, setupSeconds: setupSeconds,
            setupsPerSecond: setupSeconds > 0 ? Int(Double(tunnels.count) / setupSeconds) : 0, heldSeconds: heldSeconds,
            framesSent: framesSent, framesReceived: framesReceived, keepAliveReplies: sorted.count,
            keepAliveP50Microseconds: BenchFigures.percentile(50, ofSorted: sorted),
            keepAliveP99Microseconds: BenchFigures.percentile(99, ofSorted: sorted), connectionsLost: connectionsLost,
            driverCPUPercent: cpu.percentOfOneCore)
    }

    /// Closes every connection without ceremony (the bench stops the PAC next).
    func closeAll() -> EventLoopFuture<Void> {
        for client in clients { client.channel.close(promise: nil) }
        return loop.makeSucceededVoidFuture()
    }

    /// Runs `job(0..<count)` on `loop`, at most `limit` at a time; completes when all have.
    static func run(
        _ count: Int, atMost limit: Int, on loop: any EventLoop, _ job: @escaping (Int) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        guard count > 0 else {
            promise.succeed()
            return promise.futureResult
        }
        let state = NIOLoopBoundBox((next: 0, done: 0), eventLoop: loop)
        func startNext() {
            guard state.value.next < count else { return }
            let index = state.value.next
            state.value.next += 1
            job(index).assumeIsolated().whenComplete { _ in
                state.value.done += 1
                if state.value.done == count { promise.succeed() } else { startNext() }
            }
        }
        for _ in 0..<min(limit, count) { startNext() }
        return promise.futureResult
    }
}
