import LineHAL
import NIOCore

/// The line's end when the PAC stops (issue 7, lifecycle): the modem is left reset and on
/// hook for whoever uses the port next.
extension HayesModemLine {
    /// Clears any call, resets the modem the profile's way and closes the port for good:
    /// a `hang-up-by-dtr` profile drops DTR for `dtr-drop` (with `&D2` the modem hangs up
    /// and returns to command mode); any other sends guard time, `+++`, guard time and the
    /// profile's reset command (ATZ), not waiting for its answer. Bounded by the profile's
    /// timing; a port that fails meanwhile ends it at once.
    public func shutDown() -> EventLoopFuture<Void> {
        let done = eventLoop.makePromise(of: Void.self)
        hangUp(cause: .normalClearing)
        started = false
        cancelStep()
        deadlineTimer?.cancel()
        deadlineTimer = nil
        engine.reset()
        // The call, if any, is reported cleared; nothing the modem says now starts another.
        phase = .outOfService
        outOfServiceReason = "shut down"
        shutdownDone = done
        guard let connection else {
            stop()
            return done.futureResult
        }
        if profile.hangUpByDTR {
            do {
                try connection.port.setDTR(false)
            } catch {
                stop()
                return done.futureResult
            }
            schedule(after: profile.timing.dtrDrop) { $0.stop() }
        } else {
            let guardTime = profile.timing.escapeGuard
            schedule(after: guardTime) { line in
                line.connection?.write(Array("+++".utf8))
                line.schedule(after: guardTime) { line in
                    line.connection?.write(Array("\r\(line.profile.commands.reset)\r".utf8))
                    line.schedule(after: guardTime) { $0.stop() }
                }
            }
        }
        return done.futureResult
    }
}
