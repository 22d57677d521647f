import NIOCore
import PAC
import PPTPProtocol
import PPTPWire

/// Sets calls up and tears them down as fast as the PAC answers, `inFlight` cycles at a time,
/// for `pac pns churn` (docs/performance.md). A cycle is Outgoing-Call-Request → Reply
/// (Connected) → Call-Clear-Request → Call-Disconnect-Notify (RFC 2637 §3.2.3.2, §3.2.5),
/// on one shared control connection, or on a connection of its own (opened, set up, the
/// call, Stop-Control-Connection-Request) as VPN clients use a PAC. Lives on one event loop.
final class CallChurner {
    enum Connections {
        /// Every cycle on this connection.
        case shared(PNSClient)
        /// Every cycle opens its own connection to `host:port`.
        case onePerCall(host: String, port: Int, configuration: ControlConnectionConfiguration)
    }

    struct Report: Codable, Sendable {
        var connections: String
        var inFlight: Int
        var seconds: Double
        /// Cycles completed within the measured seconds.
        var cycles: Int
        var cyclesPerSecond: Int
        var failures: Int
        var firstFailure: String?
        /// Tear-downs the PAC did by closing the control connection instead of sending
        /// Call-Disconnect-Notify (pptpd does, docs/interop-notes.md).
        var closedByPeer: Int
        var p50Microseconds: Double
        var p99Microseconds: Double
        /// The driver's CPU over the measured seconds, percent of one core.
        var driverCPUPercent: Double
    }

    private let loop: any EventLoop
    private let connections: Connections
    private let call: ControlConnection.OutgoingCallParameters
    private let inFlight: Int
    private var running = true
    private var measuring = false
    private var busy = 0
    private var cycles = 0
    private var failures = 0
    private var firstFailure: String?
    private var closedByPeer = 0
    private var durations: [Int64] = []
    private var cpu: CPUShare?

    init(loop: any EventLoop, connections: Connections, call: ControlConnection.OutgoingCallParameters, inFlight: Int) {
        self.loop = loop
        self.connections = connections
        self.call = call
        self.inFlight = inFlight
        durations.reserveCapacity(1 << 18)
    }

    /// Runs `warmUp` unmeasured, then `duration` measured; completes once the cycles still
    /// in flight have ended (5 s at most). Call on the loop.
    func run(warmUp: TimeAmount, duration: TimeAmount) -> EventLoopFuture<Report> {
        let bound = NIOLoopBound(self, eventLoop: loop)
        let promise = loop.makePromise(of: Report.self)
        loop.scheduleTask(in: warmUp) {
            bound.value.cpu = CPUShare()
            bound.value.measuring = true
        }
        loop.scheduleTask(in: warmUp + duration) {
            let churner = bound.value
            churner.measuring = false
            churner.running = false
            let report = churner.report(seconds: Double(duration.nanoseconds) / 1e9)
            churner.drained(within: .seconds(5)).whenComplete { _ in promise.succeed(report) }
        }
        for _ in 0..<inFlight { startCycle() }
        return promise.futureResult
    }

    private func startCycle() {
        guard running else { return }
        busy += 1
        let began = loop.now
        let bound = NIOLoopBound(self, eventLoop: loop)
        cycle().whenComplete { result in
            let churner = bound.value
            churner.busy -= 1
            churner.record(result, took: churner.loop.now - began)
            churner.startCycle()
        }
    }

    /// One cycle; succeeds with whether the PAC tore the call down by closing the connection.
    private func cycle() -> EventLoopFuture<Bool> {
        switch connections {
        case .shared(let client):
            return setUpAndClear(on: client)
        case .onePerCall(let host, let port, let configuration):
            let bound = NIOLoopBound(self, eventLoop: loop)
            return PNSClient.connect(host: host, port: port, group: loop, configuration: configuration).flatMap { client in
                bound.value.setUpAndClear(on: client).flatMap { closedByPeer in
                    client.stop().map { closedByPeer }
                }.flatMapError { error in
                    client.channel.close(promise: nil)
                    return client.channel.eventLoop.makeFailedFuture(error)
                }
            }
        }
    }

    private func setUpAndClear(on client: PNSClient) -> EventLoopFuture<Bool> {
        client.placeCall(call).flatMap { callID, reply in
            guard reply.resultCode == .connected else {
                return client.channel.eventLoop.makeFailedFuture(
                    ChurnFailure("Outgoing-Call-Reply \(reply.resultCode), cause \(reply.causeCode.rawValue)"))
            }
            return client.clearCall(callID).map { _ in false }.flatMapErrorThrowing { error in
                guard case PNSClientError.connectionClosed = error else { throw error }
                return true
            }
        }
    }

    private func record(_ result: Result<Bool, any Error>, took: TimeAmount) {
        guard measuring else { return }
        switch result {
        case .success(let closed):
            cycles += 1
            if closed { closedByPeer += 1 }
            durations.append(took.nanoseconds)
        case .failure(let error):
            failures += 1
            if firstFailure == nil { firstFailure = "\(error)" }
        }
    }

    private func drained(within limit: TimeAmount) -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        let bound = NIOLoopBound(self, eventLoop: loop)
        let giveUp = loop.now + limit
        loop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(10)) { task in
            if bound.value.busy == 0 || bound.value.loop.now > giveUp {
                task.cancel()
                promise.succeed()
            }
        }
        return promise.futureResult
    }

    private func report(seconds: Double) -> Report {
        let sorted = durations.sorted()
        let label = if case .shared = connections { "one shared" } else { "one per call" }
        return Report(
            connections: label, inFlight: inFlight, seconds: seconds, cycles: cycles,
            cyclesPerSecond: Int(Double(cycles) / seconds), failures: failures, firstFailure: firstFailure,
            closedByPeer: closedByPeer, p50Microseconds: BenchFigures.percentile(50, ofSorted: sorted),
            p99Microseconds: BenchFigures.percentile(99, ofSorted: sorted), driverCPUPercent: cpu?.percentOfOneCore ?? 0)
    }
}

/// A cycle that did not complete, and why.
struct ChurnFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
