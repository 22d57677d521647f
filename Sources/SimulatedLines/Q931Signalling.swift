import LineHAL

/// One Q.931 message between the switch and a B-channel of the PAC, as the simulated network
/// exchanges them (ITU-T Q.931 §3.1 circuit-mode call control). The switch reports them to
/// `SimulatedSwitch.signallingObserver`, so a log or a test can follow setup and release.
public struct Q931Message: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case setup = "SETUP"
        case callProceeding = "CALL PROCEEDING"
        case alerting = "ALERTING"
        case connect = "CONNECT"
        case connectAcknowledge = "CONNECT ACKNOWLEDGE"
        case disconnect = "DISCONNECT"
        case release = "RELEASE"
        case releaseComplete = "RELEASE COMPLETE"
    }

    public enum Direction: String, Sendable, Hashable {
        /// From the PAC (the user side) to the switch.
        case toNetwork = "→"
        /// From the switch to the PAC.
        case fromNetwork = "←"
    }

    public var direction: Direction
    public var kind: Kind
    /// The Cause information element, on messages that clear.
    public var cause: Q931Cause?

    public init(_ direction: Direction, _ kind: Kind, cause: Q931Cause? = nil) {
        self.direction = direction
        self.kind = kind
        self.cause = cause
    }

    /// `← DISCONNECT (17 user busy)`.
    public var description: String {
        "\(direction.rawValue) \(kind.rawValue)" + (cause.map { " (\($0))" } ?? "")
    }
}

extension SimulatedSwitch {
    /// Reports messages for a B-channel; analog lines have no D-channel.
    func signal(_ line: SimulatedLine, _ messages: Q931Message...) {
        guard case .bChannel = line.medium, let signallingObserver else { return }
        for message in messages { signallingObserver(line.id, message) }
    }

    /// Q.931 §5.3: the side that clears sends DISCONNECT, the other RELEASE, the first RELEASE
    /// COMPLETE; a call refused while still ringing is answered with RELEASE COMPLETE alone
    /// (§5.2.5.3). Losing the line itself (carrier, hardware) leaves no messages to send.
    func signalClearing(_ line: SimulatedLine, _ clearing: CallClearing, whileRinging: Bool) {
        switch clearing.reason {
        case .carrierLost, .hardwareFailure:
            return
        case .localHangUp where whileRinging:
            signal(line, Q931Message(.toNetwork, .releaseComplete, cause: clearing.cause))
        case .localHangUp:
            signal(
                line, Q931Message(.toNetwork, .disconnect, cause: clearing.cause), Q931Message(.fromNetwork, .release),
                Q931Message(.toNetwork, .releaseComplete))
        case .remoteHangUp, .busy, .noAnswer, .noDialTone, .noCarrier, .refused:
            signal(
                line, Q931Message(.fromNetwork, .disconnect, cause: clearing.cause), Q931Message(.toNetwork, .release),
                Q931Message(.fromNetwork, .releaseComplete))
        }
    }
}
