import LineHAL
import PPTPWire

/// How a line's outcome reads in PPTP: the result codes of Outgoing-Call-Reply (RFC 2637
/// §2.8) and Call-Disconnect-Notify (§2.13), with the Q.931 cause as the Cause Code.
enum CallOutcome {
    /// An outgoing call that cleared before it connected.
    static func outgoingFailure(_ clearing: CallClearing) -> (OutgoingCallResult, GeneralErrorCode) {
        switch clearing.reason {
        case .busy: (.busy, .none)
        case .noDialTone: (.noDialTone, .none)
        case .noAnswer: (.timeOut, .none)
        case .noCarrier, .carrierLost, .remoteHangUp: (.noCarrier, .none)
        case .refused: (.doNotAccept, .none)
        case .hardwareFailure, .localHangUp: (.generalError, .pacError)
        }
    }

    /// A call that was up, or being answered, and ended on the line without a
    /// Call-Clear-Request.
    static func disconnect(_ clearing: CallClearing) -> (CallDisconnectResult, GeneralErrorCode) {
        switch clearing.reason {
        case .hardwareFailure: (.generalError, .pacError)
        case .localHangUp: (.adminShutdown, .none)
        case .busy, .noDialTone, .noAnswer, .noCarrier, .carrierLost, .remoteHangUp, .refused: (.lostCarrier, .none)
        }
    }

    static func cause(_ cause: Q931Cause) -> CauseCode { CauseCode(rawValue: UInt16(cause.rawValue)) }

    /// The bearers a line may have for a request's Bearer Type and Framing Type (§2.7):
    /// asynchronous framing needs an analog (modem) line, synchronous a digital one.
    static func bearers(for request: OutgoingCallRequest) -> Set<Bearer> {
        var bearers: Set<Bearer> =
            switch request.bearerType {
            case .analog: [.analog]
            case .digital: [.digital]
            default: [.analog, .digital]
            }
        if request.framingType == .asynchronous { bearers.remove(.digital) }
        if request.framingType == .synchronous { bearers.remove(.analog) }
        return bearers
    }

    /// Dialable characters: digits, * # +, and the usual dial modifiers and separators.
    static func isDialable(_ number: String) -> Bool {
        !number.isEmpty && number.allSatisfy { "0123456789*#+,;WwPpTt!@ -().".contains($0) }
    }
}
