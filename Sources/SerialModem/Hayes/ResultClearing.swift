import LineHAL

extension FinalResult {
    /// How a dial or answer that ended with this result clears the call: the reason the engine
    /// turns into PPTP's result code, and the Q.931 cause for Call-Disconnect-Notify. The
    /// causes match what SimulatedSwitch gives for the same outcome, so the engine sees one
    /// vocabulary whatever the line. nil for OK and CONNECT, which clear nothing.
    public var clearing: CallClearing? {
        switch self {
        case .ok, .connect: nil
        case .busy: CallClearing(cause: .userBusy, reason: .busy)
        // Dialed, maybe answered, but no carrier within S7: the modems did not train up.
        case .noCarrier: CallClearing(cause: .bearerCapabilityNotAvailable, reason: .noCarrier)
        case .noDialTone: CallClearing(cause: .networkOutOfOrder, reason: .noDialTone)
        // Ringback without answer (the modem heard ringing, then silence; X4 and up).
        case .noAnswer: CallClearing(cause: .noAnswer, reason: .noAnswer)
        // ATD rejected: the dial string or the modem's state was wrong.
        case .error: CallClearing(cause: .invalidNumberFormat, reason: .refused)
        // National redial rules: try later (DELAYED) or not at all (BLACKLISTED).
        case .delayed: CallClearing(cause: .temporaryFailure, reason: .refused)
        case .blacklisted: CallClearing(cause: .callRejected, reason: .refused)
        }
    }
}
