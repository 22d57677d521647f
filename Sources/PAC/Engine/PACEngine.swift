import DequeModule
import Foundation
import GRETransport
import LineHAL
import Logging
import NIOCore
import PPTPProtocol
import PPTPWire

/// Identifies one control connection inside the engine.
public struct ConnectionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: Int
    public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "connection \(rawValue)" }
}

/// The PAC: control connections from PNS peers, the line pool, and the calls between them.
///
/// Everything runs on one event loop: connections, lines and the GRE socket. The protocol
/// decisions live in `ControlConnection` (pure); the engine maps them onto lines and the
/// network and maps line events back (ARCHITECTURE "PAC engine" layer). Not `Sendable`: hop
/// to `eventLoop` to use it.
public final class PACEngine {
    public let eventLoop: any EventLoop
    public internal(set) var configuration: PACConfiguration
    public let pool: LinePool
    let gre: GRESocket?
    let logger: Logger

    var callIDs = CallIdentifiers()
    var connections: [ConnectionID: ConnectionEntry] = [:]
    var calls: [UInt16: CallRecord] = [:]
    var callsByLine: [LineID: UInt16] = [:]
    /// The open tunnel of each line's call: every frame from a line looks its tunnel up here,
    /// one hash and no copy of the call's record (its `greKey` says the same).
    var tunnelsByLine: [LineID: GRECallKey] = [:]
    /// Lab-bench test calls (`pac dial`), which no PNS sees.
    var testCalls: [LineID: TestCall] = [:]
    /// What ended calls did, for metrics (`metricsSnapshot()`).
    var endedTunnels = TunnelTotals()
    var endedCallLineErrors = LineStatistics()
    public internal(set) var statistics = EngineStatistics()
    var limitState = LimitState()
    private var nextConnectionID = 0
    /// Calls ringing while a control connection to a PNS is being opened for them.
    var pendingRings: [(line: any Line, call: IncomingCall)] = []
    /// PNS peers we are connecting to (TCP not yet up).
    var connecting: Set<PNSAddress> = []
    private var pending: Deque<(ConnectionEntry, [ControlConnectionAction])> = []
    private var draining = false
    /// Connections written to outside a read, flushed by `flushAll` (`flushSoon`).
    private var unflushed: [ConnectionEntry] = []
    private var statisticsPoll: RepeatedTask?
    /// Receives each call's detail record when the call is released (docs/records.md).
    public var callEnded: ((CallDetailRecord) -> Void)?
    /// Control and GRE packets of chosen calls to a pcap file (docs/records.md); nil: none.
    public var capture: CallCapture?
    var callDetails: [UInt16: CallDetailDraft] = [:]
    /// The loop's clock and the wall clock at one instant, to date records.
    let clockOrigin: (deadline: NIODeadline, wall: Date)

    /// - Parameter gre: the data plane; nil runs the control plane alone (tests, or a host
    ///   without raw-socket privilege where only signalling is exercised).
    public init(
        configuration: PACConfiguration, pool: LinePool, gre: GRESocket?, eventLoop: any EventLoop,
        logger: Logger = Logger(label: "pac")
    ) {
        var configuration = configuration
        configuration.control.advertise(pool)
        self.configuration = configuration
        self.pool = pool
        self.gre = gre
        self.eventLoop = eventLoop
        self.logger = logger
        self.clockOrigin = (eventLoop.now, Date())
        for status in pool.lines { pool.line(status.id)?.delegate = self }
        let engine = NIOLoopBound(self, eventLoop: eventLoop)
        statisticsPoll = eventLoop.scheduleRepeatedTask(
            initialDelay: configuration.statisticsPollInterval, delay: configuration.statisticsPollInterval
        ) { _ in engine.value.pollLineErrors() }
    }

    var now: NIODeadline { eventLoop.now }

    // MARK: Control connections (called by ControlChannelHandler)

    /// A TCP control connection is up: a PNS opened it, or we did (`originate`). Nil when a
    /// limit refuses a PNS's connection: the caller closes it.
    func connectionOpened(_ channel: any Channel, origin: ControlConnectionOrigin) -> ConnectionID? {
        eventLoop.preconditionInEventLoop()
        guard origin == .originator || admitsConnection(from: channel) else { return nil }
        nextConnectionID += 1
        let id = ConnectionID(rawValue: nextConnectionID)
        let core = ControlConnection(configuration: configuration.control, origin: origin, now: now)
        let entry = ConnectionEntry(id: id, core: core, channel: channel, peer: IPv4Address(channel.remoteAddress))
        connections[id] = entry
        if origin == .receiver { statistics.connectionsAccepted += 1 }
        logger.info("control connection opened (\(origin))", metadata: entry.metadata)
        perform(origin == .originator ? entry.core.connected(now: now) : [], on: entry)
        return id
    }

    func received(_ item: InboundControlMessage, on id: ConnectionID) {
        guard let entry = connections[id] else { return }
        entry.reading = true
        if case .message(.incomingCallReply(let reply)) = item { noteReceived(reply) }
        perform(entry.core.receive(item, now: now, callIDs: &callIDs), on: entry)
    }

    /// The end of a burst of reads: what the messages of the burst made the engine write leaves
    /// in one flush, one system call, instead of one per message (docs/performance.md).
    func readComplete(on id: ConnectionID) {
        guard let entry = connections[id] else { return }
        entry.reading = false
        if entry.unflushed {
            entry.unflushed = false
            entry.channel.flush()
        }
    }

    func streamFailed(_ error: ControlMessageDecodingError, on id: ConnectionID) {
        guard let entry = connections[id] else { return }
        countLostSynchronization(error)
        perform(entry.core.streamFailed(error), on: entry)
    }

    func connectionClosed(_ id: ConnectionID) {
        guard let entry = connections[id] else { return }
        connections[id] = nil
        perform(entry.core.transportClosed(), on: entry)
        entry.timer.cancel()
        logger.info("control connection closed", metadata: entry.metadata)
        rejectPendingRingsIfNoPNS()
    }

    /// Stops every control connection as a shutting-down PAC must: Call-Disconnect-Notify
    /// (Admin Shutdown) for each call, Stop-Control-Connection-Request (Stop-Local-Shutdown),
    /// lines hung up. Completes when every connection is closed or `grace` has passed.
    public func shutdown(grace: TimeAmount = .seconds(4)) -> EventLoopFuture<Void> {
        eventLoop.preconditionInEventLoop()
        statisticsPoll?.cancel()
        let closing = connections.values.map(\.channel.closeFuture)
        for id in connections.keys.sorted() {
            guard let entry = connections[id] else { continue }
            perform(entry.core.stop(reason: .stopLocalShutdown, disconnectResult: .adminShutdown, now: now), on: entry)
        }
        let done = eventLoop.makePromise(of: Void.self)
        let channels = connections.values.map(\.channel)
        let deadline = eventLoop.scheduleTask(in: grace) {
            for channel in channels { channel.close(promise: nil) }
        }
        EventLoopFuture.andAllComplete(closing, on: eventLoop).whenComplete { _ in
            deadline.cancel()
            done.succeed()
        }
        return done.futureResult
    }

    // MARK: Performing actions

    /// Performs actions in order. Events can make the engine act again (dial a line, answer
    /// the core); those actions queue behind the current ones, so messages leave in the order
    /// the state machines produced them.
    ///
    /// The entry is passed, not looked up, so the releases of a connection that just closed
    /// are still carried out.
    func perform(_ actions: [ControlConnectionAction], on entry: ConnectionEntry) {
        pending.append((entry, actions))
        guard !draining else { return }
        draining = true
        defer { draining = false }
        while let (entry, actions) = pending.popFirst() {
            var wrote = false
            for action in actions {
                switch action {
                case .send(let message):
                    noteSent(message, on: entry)
                    count(sent: message)
                    entry.channel.write(message, promise: nil)
                    wrote = true
                case .close(let reason):
                    if reason == .keepAliveTimedOut { statistics.keepAliveFailures += 1 }
                    if wrote || entry.unflushed { entry.channel.flush() }
                    wrote = false
                    entry.unflushed = false
                    logger.info("closing control connection: \(reason)", metadata: entry.metadata)
                    entry.channel.close(promise: nil)
                case .event(let event):
                    handle(event, on: entry)
                case .violation(let violation):
                    statistics.violations += 1
                    logger.warning(
                        "protocol violation: \(violation)",
                        metadata: entry.metadata.merging(["bytes": "\(violation.bytes.hexDump(format: .plain))"]) { $1 })
                }
            }
            if wrote { flushSoon(entry) }
            rearmTimer(entry)
        }
    }

    /// Writes leave in one flush per connection and burst of work, one system call instead of
    /// one per message (docs/performance.md): at the end of the burst of reads that caused
    /// them, or once the loop has run what is queued now (lines that connected in the same
    /// tick send their Outgoing-Call-Replies together).
    private func flushSoon(_ entry: ConnectionEntry) {
        guard !entry.unflushed else { return }
        entry.unflushed = true
        guard !entry.reading else { return }
        unflushed.append(entry)
        guard unflushed.count == 1 else { return }
        let engine = NIOLoopBound(self, eventLoop: eventLoop)
        eventLoop.execute { engine.value.flushAll() }
    }

    private func flushAll() {
        let entries = unflushed
        unflushed.removeAll(keepingCapacity: true)
        for entry in entries where entry.unflushed && !entry.reading {
            entry.unflushed = false
            entry.channel.flush()
        }
    }

    private func rearmTimer(_ entry: ConnectionEntry) {
        let deadline = connections[entry.id] == nil ? nil : entry.core.nextDeadline
        let engine = NIOLoopBound(self, eventLoop: eventLoop)
        let id = entry.id
        entry.timer.arm(deadline) { engine.value.timerFired(id) }
    }

    private func timerFired(_ id: ConnectionID) {
        guard let entry = connections[id] else { return }
        entry.timer.fired()
        perform(entry.core.timeout(now: now), on: entry)
    }
}

/// One control connection: its state machine and its channel.
final class ConnectionEntry {
    let id: ConnectionID
    var core: ControlConnection
    let channel: any Channel
    let peer: IPv4Address?
    let timer: DeadlineTimer
    /// Inside a burst of reads from the PNS: writes wait for its end (`readComplete`).
    var reading = false
    /// Written to since the last flush.
    var unflushed = false

    init(id: ConnectionID, core: ControlConnection, channel: any Channel, peer: IPv4Address?) {
        self.id = id
        self.core = core
        self.channel = channel
        self.peer = peer
        self.timer = DeadlineTimer(eventLoop: channel.eventLoop)
    }

    var metadata: Logger.Metadata {
        ["connection": "\(id.rawValue)", "peer": "\(peer.map(\.description) ?? "?")"]
    }
}

/// Engine-wide counters for status and metrics.
public struct EngineStatistics: Sendable, Hashable, Codable {
    public var connectionsAccepted: UInt64 = 0
    public var connectionsRefused: UInt64 = 0
    public var violations: UInt64 = 0
    public var outgoingCalls: UInt64 = 0
    public var outgoingCallsConnected: UInt64 = 0
    public var incomingCalls: UInt64 = 0
    public var incomingCallsConnected: UInt64 = 0
    public var incomingCallsRejected: UInt64 = 0
    /// Outgoing-Call-Reply results sent, by RFC name as a label (`connected`, `busy`, `time_out`…).
    public var outgoingCallResults: [String: UInt64] = [:]
    /// Call-Disconnect-Notify results sent (`lost_carrier`, `request`, `admin_shutdown`…).
    public var disconnectResults: [String: UInt64] = [:]
    public var wanErrorNotifiesSent: UInt64 = 0
    /// Control connections closed because no Echo-Reply came (RFC 2637 §3.1.4).
    public var keepAliveFailures: UInt64 = 0
}
