import LineHAL
import NIOCore

/// Our own hang-up: a dial or answer in progress is aborted with a character; a call in data
/// mode drops DTR (`&D2`), and if carrier is still up, the escape sequence and ATH0. Every step
/// is timed; a modem that ignores all of them is out of service.
extension HayesModemLine {
    /// The call is already reported cleared and the phase is `.hangingUp` (maybe with a dial
    /// waiting); the modem is brought on hook and to command mode.
    func beginHangUp(dataMode: Bool) {
        engine.reset()
        guard let connection else { return }
        // A dial or answer in progress ends with any character (V.250 §6.3.1) on every modem,
        // whatever its &D setting and however seldom it samples DTR: a DTR pulse shorter than
        // that can go unseen, and the ATH0 after it would then abort the dial instead.
        guard dataMode else { return abortCommand() }
        if profile.hangUpByDTR {
            do {
                try connection.port.setDTR(false)
            } catch {
                return takeOutOfService("\(error)", clearing: CallClearing(cause: .temporaryFailure, reason: .hardwareFailure))
            }
            schedule(after: profile.timing.dtrDrop) { line in line.raiseDTR() }
        } else {
            escape()
        }
    }

    private func raiseDTR() {
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
