/// How a modem's port is driven: the DTE rate, always 8N1, and one kind of flow control.
public struct SerialPortSettings: Sendable, Hashable {
    public enum FlowControl: String, Sendable, Hashable, CaseIterable {
        case none
        /// Hardware flow control: what every modem pool should use at 115200 bit/s.
        case rtsCts = "rts-cts"
        /// Software flow control; it steals 0x11/0x13, so PPP must escape them in the ACCM.
        case xonXoff = "xon-xoff"
    }

    public var baudRate: Int
    public var flowControl: FlowControl

    public init(baudRate: Int, flowControl: FlowControl) {
        self.baudRate = baudRate
        self.flowControl = flowControl
    }
}

/// The modem-status lines a DCE drives (EIA-232 / V.24 circuits 106, 107, 109, 125).
public struct ModemSignals: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let clearToSend = ModemSignals(rawValue: 1)
    public static let dataSetReady = ModemSignals(rawValue: 2)
    public static let dataCarrierDetect = ModemSignals(rawValue: 4)
    public static let ringIndicator = ModemSignals(rawValue: 8)

    public var description: String {
        let names = [(Self.clearToSend, "CTS"), (.dataSetReady, "DSR"), (.dataCarrierDetect, "DCD"), (.ringIndicator, "RI")]
        let on = names.filter { contains($0.0) }.map(\.1)
        return on.isEmpty ? "none" : on.joined(separator: "|")
    }
}

/// The UART's error counters (Linux TIOCGICOUNT), the source of WAN-Error-Notify's hardware
/// counters on a modem line (RFC 2637 §2.14).
public struct UARTErrorCounters: Sendable, Hashable {
    public var frame: UInt64
    public var overrun: UInt64
    public var parity: UInt64
    public var breaks: UInt64
    /// Characters the tty layer dropped because its buffer was full.
    public var bufferOverrun: UInt64

    public init(frame: UInt64 = 0, overrun: UInt64 = 0, parity: UInt64 = 0, breaks: UInt64 = 0, bufferOverrun: UInt64 = 0) {
        self.frame = frame
        self.overrun = overrun
        self.parity = parity
        self.breaks = breaks
        self.bufferOverrun = bufferOverrun
    }

    /// Counts since `baseline` (the counters are cumulative since boot and may be reset by a
    /// driver reload, so a counter that went down counts from zero).
    public func since(_ baseline: UARTErrorCounters) -> UARTErrorCounters {
        func delta(_ now: UInt64, _ then: UInt64) -> UInt64 { now >= then ? now - then : now }
        return UARTErrorCounters(
            frame: delta(frame, baseline.frame), overrun: delta(overrun, baseline.overrun),
            parity: delta(parity, baseline.parity), breaks: delta(breaks, baseline.breaks),
            bufferOverrun: delta(bufferOverrun, baseline.bufferOverrun))
    }
}
