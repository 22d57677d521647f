import LineHAL
import NIOCore

/// Our own hang-up: drop DTR (`&D2`), and if carrier is still up, the escape sequence and
/// ATH0. Every step is timed; a modem that ignores all of them is out of service.
extension HayesModemLine {
    /// The call is already reported cleared and the phase is `.hangingUp` (maybe with a dial
    /// waiting); the modem is brought on hook and to command mode.
    func beginHangUp(dataMode: Bool) {
        engine.reset()
        guard let connection else { return }
        if profile.hangUpByDTR {
            do {
                try connection.port.setDTR(false)
            } catch {
                return takeOutOfService("\(error)", clearing: CallClearing(cause: .temporaryFailure, reason: .hardwareFailure))
            }
            schedule(after: profile.timing.dtrDrop) { line in line.raiseDTR(dataMode: dataMode) }
        } else if dataMode {
            escape()
        } else {
            abortCommand()
        }
    }

    private func raiseDTR(dataMode: Bool) {
        guard let connection else { return }
        let signals: ModemSignals
        do {
            try connection.port.setDTR(true)
            signals = try connection.port.signals()
        } catch {
            return takeOutOfService("\(error)", clearing: CallClearing(cause: .temporaryFailure, reason: .hardwareFailure))
        }
        if signals.contains(.dataCarrierDetect) {
            // The modem ignored DTR (wrong &D setting, or a modem that lies): escape instead.
            escape()
        } else {
            confirmOnHook()
        }
    }

    /// Guard time, `+++`, guard time: the modem leaves data mode without hanging up (S2, S12).
    private func escape() {
        schedule(after: profile.timing.escapeGuard) { line in
            line.connection?.write(Array("+++".utf8))
            line.schedule(after: line.profile.timing.escapeGuard) { line in line.confirmOnHook() }
        }
    }

    /// A dial or answer in progress is aborted by any character; then ATH0.
    private func abortCommand() {
        connection?.write([0x0D])
        schedule(after: profile.timing.escapeGuard) { line in line.confirmOnHook() }
    }

    /// ATH0 in command mode: puts the modem on hook for certain; its answer ends the hang-up.
    func confirmOnHook() {
        guard connection != nil else { return }
        engine.reset()
        submit(ATCommand("ATH0", timeout: profile.timing.command))
    }
}
