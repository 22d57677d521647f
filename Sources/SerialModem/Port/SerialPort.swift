import CLibSerialPort

#if canImport(Glibc)
import Glibc
#endif

/// One open serial port, owned through libserialport: settings, modem-control lines and
/// error counters. Data goes through a NIO channel on a duplicate of the port's descriptor
/// (`makeDataDescriptor()`), so reads and writes share the event loop with everything else
/// and no thread waits on the port.
///
/// Not thread-safe: use it on the event loop of the line that owns it.
public final class SerialPort {
    public let name: String
    private var port: OpaquePointer?

    /// Opens `name` read-write at `settings`, 8N1, with DTR and RTS raised.
    public init(opening name: String, settings: SerialPortSettings) throws(SerialPortError) {
        self.name = name
        var found: OpaquePointer?
        try Self.check(sp_get_port_by_name(name, &found), name, "sp_get_port_by_name")
        guard let found else {
            throw SerialPortError(port: name, operation: "sp_get_port_by_name", kind: .invalidArgument, message: "no such port")
        }
        port = found
        do {
            try Self.check(sp_open(found, SP_MODE_READ_WRITE), name, "sp_open")
            try Self.check(sp_set_baudrate(found, Int32(settings.baudRate)), name, "sp_set_baudrate \(settings.baudRate)")
            try Self.check(sp_set_bits(found, 8), name, "sp_set_bits 8")
            try Self.check(sp_set_parity(found, SP_PARITY_NONE), name, "sp_set_parity none")
            try Self.check(sp_set_stopbits(found, 1), name, "sp_set_stopbits 1")
            let flow: sp_flowcontrol =
                switch settings.flowControl {
                case .none: SP_FLOWCONTROL_NONE
                case .rtsCts: SP_FLOWCONTROL_RTSCTS
                case .xonXoff: SP_FLOWCONTROL_XONXOFF
                }
            try Self.check(sp_set_flowcontrol(found, flow), name, "sp_set_flowcontrol \(settings.flowControl.rawValue)")
            // Setting flow control leaves RTS to the driver under RTS/CTS; DTR is ours: a raised
            // DTR tells the modem the DTE is ready (&D2 hangs up when it drops).
            try Self.check(sp_set_dtr(found, SP_DTR_ON), name, "sp_set_dtr on")
            if settings.flowControl != .rtsCts {
                try Self.check(sp_set_rts(found, SP_RTS_ON), name, "sp_set_rts on")
            }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Closes and frees the port; later calls fail with `.invalidArgument`.
    public func close() {
        guard let port else { return }
        sp_close(port)
        sp_free_port(port)
        self.port = nil
    }

    public var isOpen: Bool { port != nil }

    /// A new descriptor for the port's data, for a NIO channel to own and close; the port
    /// keeps its own for settings and signals.
    public func makeDataDescriptor() throws(SerialPortError) -> CInt {
        let port = try open("sp_get_port_handle")
        var handle: CInt = -1
        try Self.check(sp_get_port_handle(port, &handle), name, "sp_get_port_handle")
        let duplicate = dup(handle)
        guard duplicate >= 0 else { throw osError("dup", errno) }
        return duplicate
    }

    // MARK: Modem-control lines

    public func setDTR(_ on: Bool) throws(SerialPortError) {
        try Self.check(sp_set_dtr(try open("sp_set_dtr"), on ? SP_DTR_ON : SP_DTR_OFF), name, "sp_set_dtr \(on ? "on" : "off")")
    }

    public func setRTS(_ on: Bool) throws(SerialPortError) {
        try Self.check(sp_set_rts(try open("sp_set_rts"), on ? SP_RTS_ON : SP_RTS_OFF), name, "sp_set_rts \(on ? "on" : "off")")
    }

    public func signals() throws(SerialPortError) -> ModemSignals {
        var signals = sp_signal(rawValue: 0)
        try Self.check(sp_get_signals(try open("sp_get_signals"), &signals), name, "sp_get_signals")
        return ModemSignals(rawValue: signals.rawValue)
    }

    /// The UART's error counters, or nil where the driver keeps none (TIOCGICOUNT refused).
    public func errorCounters() -> UARTErrorCounters? {
        #if os(Linux)
        guard let port else { return nil }
        var handle: CInt = -1
        guard sp_get_port_handle(port, &handle).rawValue >= 0 else { return nil }
        var counts = serial_icounter_struct()
        guard ioctl(handle, UInt(TIOCGICOUNT), &counts) == 0 else { return nil }
        return UARTErrorCounters(
            frame: UInt64(max(counts.frame, 0)), overrun: UInt64(max(counts.overrun, 0)),
            parity: UInt64(max(counts.parity, 0)), breaks: UInt64(max(counts.brk, 0)),
            bufferOverrun: UInt64(max(counts.buf_overrun, 0)))
        #else
        return nil
        #endif
    }

    // MARK: Private

    private func open(_ operation: String) throws(SerialPortError) -> OpaquePointer {
        guard let port else {
            throw SerialPortError(port: name, operation: operation, kind: .invalidArgument, message: "the port is closed")
        }
        return port
    }

    private func osError(_ operation: String, _ code: Int32) -> SerialPortError {
        SerialPortError(port: name, operation: operation, kind: .failed, osError: code, message: String(cString: strerror(code)))
    }

    private static func check(_ result: sp_return, _ name: String, _ operation: String) throws(SerialPortError) {
        if let error = SerialPortError.check(result, port: name, operation: operation) { throw error }
    }
}
