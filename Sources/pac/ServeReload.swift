import ArgumentParser
import Dispatch
import Foundation
import Logging
import NIOCore
import PAC

/// SIGHUP: `pac serve --config FILE` reads the file again and applies what can change while
/// calls are up (docs/configuration.md, "Reloading"): the modem lines (`lines.modems`), the
/// simulated lines' impairments (`lines.impairments`) and the PNS policy (`control.allow`,
/// `control.routes`, `control.pns`). Anything else waits for a restart and is said so; an
/// invalid file changes nothing.
extension Serve {
    /// The entries' Hayes profiles, loaded; errors name the configuration file's key.
    func resolveModemLines(_ daemon: DaemonConfiguration, hardware: String) throws -> [ModemPool.Resolved] {
        do {
            return try ModemPool.resolve(daemon.modemLines, hardware: hardware)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Reloads on every SIGHUP until cancelled; `started` is the configuration running now.
    func reloadOnHangUp(
        _ started: DaemonConfiguration, engine: NIOLoopBound<(PACEngine, SimulatedWorld)>,
        modems: NIOLoopBound<ModemPool>, logger: Logger
    ) -> Task<Void, Never> {
        let (signals, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { continuation.yield() }
        source.resume()
        return Task {
            var running = started
            for await _ in signals {
                if let applied = await reload(from: running, engine: engine, modems: modems, logger: logger) {
                    running = applied
                }
            }
            withExtendedLifetime(source) {}
        }
    }

    /// The new configuration when it was applied, nil when it was rejected (logged either way).
    private func reload(
        from running: DaemonConfiguration, engine: NIOLoopBound<(PACEngine, SimulatedWorld)>, modems: NIOLoopBound<ModemPool>,
        logger: Logger
    ) async -> DaemonConfiguration? {
        guard let config else {
            logger.warning("SIGHUP: pac serve runs without --config, there is no file to reload")
            return nil
        }
        let daemon: DaemonConfiguration
        let modemLines: [ModemPool.Resolved]
        do {
            daemon = try effectiveConfiguration()
            modemLines = try resolveModemLines(daemon, hardware: HardwareFolder.path(daemon.hardware))
        } catch {
            logger.error("configuration reload rejected, the running configuration stays: \(error)")
            return nil
        }
        let changes: ModemPool.Changes
        do {
            changes = try await engine.eventLoop.submit {
                let (pacEngine, world) = engine.value
                // Checked against the running lines before anything changes.
                let impairments = try world.impairments(daemon.impairments)
                world.apply(impairments)
                pacEngine.setPNSPolicy(
                    allowed: daemon.allowedPNS, incomingRoutes: daemon.incomingRoutes, pnsPeers: daemon.pnsPeers)
                pacEngine.setTunnel(daemon.tunnel)
                return modems.value.apply(modemLines)
            }.get()
        } catch {
            logger.error("configuration reload rejected, the running configuration stays: \(error)")
            return nil
        }
        let allowList = daemon.allowedPNS.isEmpty ? "every address" : daemon.allowedPNS.map(\.description).joined(separator: ", ")
        let impaired = daemon.impairments.flatMap(\.lines).sorted().map(String.init).joined(separator: ", ")
        logger.notice(
            "configuration reloaded from \(config): \(changes); PNS allow-list: \(allowList); impaired lines: \(impaired.isEmpty ? "none" : impaired); tunnel for new calls: \(daemon.tunnel.summary)")
        var live = running
        live.modemLines = daemon.modemLines
        live.impairments = daemon.impairments
        live.allowedPNS = daemon.allowedPNS
        live.incomingRoutes = daemon.incomingRoutes
        live.pnsPeers = daemon.pnsPeers
        live.tunnel = daemon.tunnel
        if live != daemon {
            logger.warning(
                "configuration reload: changes beyond lines.modems, lines.impairments, control.allow/routes/pns and tunnel take effect at the next start")
        }
        return daemon
    }
}
