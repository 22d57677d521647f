import LineHAL
import NIOCore
import NIOPosix
import PPTPProtocol

/// The PAC as originator (RFC 2637 §3.1.1): when a call rings and no PNS is connected, it
/// opens a control connection to a configured PNS and offers the call once it is up.
extension PACEngine {
    /// The configured PNS to open a connection to for a call to `dialedNumber`, if any: the
    /// PNS of the first matching route that is configured, else the first configured PNS.
    func originationTarget(dialedNumber: String) -> PNSAddress? {
        for route in configuration.incomingRoutes where dialedNumber.hasPrefix(route.dialedPrefix) {
            if let peer = configuration.pnsPeers.first(where: { $0.address == route.pns }) { return peer }
        }
        return configuration.pnsPeers.first
    }

    /// Holds the ringing call and opens a control connection to `target` unless one is
    /// already being opened.
    func holdRinging(_ line: any Line, _ call: IncomingCall, until target: PNSAddress) {
        pendingRings.append((line, call))
        let opening = connections.values.contains { $0.core.origin == .originator && !$0.core.isEstablished && !$0.core.isClosed }
        guard !connecting.contains(target), !opening else { return }
        connecting.insert(target)
        logger.info(
            "no PNS connected: opening a control connection to \(target)",
            metadata: ["peer": "\(target.address)", "line": "\(line.id.rawValue)"])
        let engine = NIOLoopBound(self, eventLoop: eventLoop)
        ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(10))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try ControlServer.configure(channel, engine: engine.value, origin: .originator)
                }
            }
            .connect(host: target.address.description, port: target.port)
            .whenComplete { result in
                let engine = engine.value
                engine.connecting.remove(target)
                if case .failure(let error) = result {
                    engine.logger.warning(
                        "cannot open a control connection to \(target): \(error)", metadata: ["peer": "\(target.address)"])
                    engine.rejectPendingRingsIfNoPNS()
                }
            }
    }

    /// A connection became established: offer the calls that waited for one.
    func offerPendingRings() {
        let pending = pendingRings
        pendingRings.removeAll()
        for (line, call) in pending {
            guard case .ringing = line.callState else {
                pool.release(line.id)
                continue
            }
            offer(line, call)
        }
    }

    /// Nothing is connected and nothing is being opened: the waiting calls cannot be offered.
    func rejectPendingRingsIfNoPNS() {
        guard !pendingRings.isEmpty, connecting.isEmpty,
            !connections.values.contains(where: { !$0.core.isClosed })
        else { return }
        let pending = pendingRings
        pendingRings.removeAll()
        for (line, call) in pending { rejectIncoming(line, call, .temporaryFailure, "no PNS could be reached") }
    }

    /// §3.1.3: a PNS's request arrived while our own request to the same peer is unanswered.
    /// The higher address wins; the loser closes the connection it opened.
    func resolveCollision(for entry: ConnectionEntry) -> ControlConnection.Admission {
        guard let peer = entry.peer,
            let ours = connections.values.first(where: {
                $0.id != entry.id && $0.core.origin == .originator && $0.peer == peer && !$0.core.isEstablished
                    && !$0.core.isClosed
            }),
            let local = IPv4Address(ours.channel.localAddress)
        else { return .accept }
        let outcome = StartCollision(localIPv4: local.value, peerIPv4: peer.value)
        logger.notice(
            "Start-Control-Connection collision: \(outcome == .weWin ? "we win" : "the PNS wins")", metadata: entry.metadata)
        if outcome == .peerWins { perform(ours.core.collisionLost(), on: ours) }
        return outcome.admission
    }
}
