import LineHAL
import PPTPProtocol

/// What a running PAC changes without a restart (a SIGHUP reload, docs/configuration.md):
/// lines joining and leaving the pool, hunt groups, the PNS allow-list, the tunnel limits of
/// new calls. Calls on lines that stay are not touched.
extension PACEngine {
    /// Puts a line in the pool. `outOfService` names why it cannot take calls yet (a modem
    /// still opening its port); the line's `.restored` puts it in service.
    public func adopt(_ line: any Line, outOfService reason: String?) throws(LinePoolError) {
        eventLoop.preconditionInEventLoop()
        try pool.add(line)
        line.delegate = self
        if let reason { try pool.takeOutOfService(line.id, reason: .driverFailure(reason)) }
        readvertise()
        logger.notice("line added to the pool", metadata: ["line": "\(line.id.rawValue)"])
    }

    /// Takes a line out of the pool. A call on it is cleared now: the PNS gets
    /// Call-Disconnect-Notify with result Admin Shutdown (RFC 2637 §2.13), as when the PAC
    /// shuts down; waiting for a call to end could keep a removed line for hours.
    public func retire(_ id: LineID) {
        eventLoop.preconditionInEventLoop()
        guard let line = pool.line(id) else { return }
        try? pool.takeOutOfService(id, reason: .administrativelyDown)  // no new call while it goes
        pendingRings.removeAll { $0.line.id == id }
        // A local hang-up clears the call as Admin Shutdown (CallOutcome.disconnect).
        line.hangUp(cause: .normalClearing)
        try? pool.remove(id)
        readvertise()
        logger.notice("line removed from the pool", metadata: ["line": "\(id.rawValue)"])
    }

    /// Adds or replaces a hunt group.
    public func setHuntGroup(_ group: HuntGroup) throws(LinePoolError) {
        eventLoop.preconditionInEventLoop()
        try pool.setGroup(group)
    }

    public func removeHuntGroup(named name: String) {
        eventLoop.preconditionInEventLoop()
        pool.removeGroup(named: name)
    }

    /// The allow-list applies to control connections that start from now on: admitted ones
    /// stay (their PNS was allowed when it connected, and their calls are unaffected). Routes
    /// and PNS peers apply to the next incoming call.
    public func setPNSPolicy(allowed: [IPv4Network], incomingRoutes: [IncomingRoute], pnsPeers: [PNSAddress]) {
        eventLoop.preconditionInEventLoop()
        configuration.allowedPNS = allowed
        configuration.incomingRoutes = incomingRoutes
        configuration.pnsPeers = pnsPeers
    }

    /// The tunnel limits (MaxTimeOut and the rest, RFC 2637 §4) apply to calls connected from
    /// now on; a call that is up keeps the window it was given.
    public func setTunnel(_ tunnel: TunnelConfiguration) {
        eventLoop.preconditionInEventLoop()
        configuration.tunnel = tunnel
    }

    /// Start-Control-Connection-Reply's capabilities follow the pool (RFC 2637 §2.2).
    private func readvertise() {
        configuration.control.advertise(pool)
    }
}
