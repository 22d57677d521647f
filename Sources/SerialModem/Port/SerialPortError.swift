import CLibSerialPort

/// A serial-port operation that failed: which port, which operation, and libserialport's (or
/// the OS's) own words for it, so a log line says what to check.
public struct SerialPortError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// libserialport said SP_ERR_ARG: no such port, or a setting the port cannot take.
        case invalidArgument
        /// The OS refused (SP_ERR_FAIL); `osError` is the errno libserialport saw.
        case failed
        case outOfMemory
        /// The platform or driver cannot do this (SP_ERR_SUPP).
        case unsupported
    }

    public var port: String
    /// The libserialport function or step that failed, e.g. `sp_open`.
    public var operation: String
    public var kind: Kind
    public var osError: Int32
    public var message: String

    public init(port: String, operation: String, kind: Kind, osError: Int32 = 0, message: String) {
        self.port = port
        self.operation = operation
        self.kind = kind
        self.osError = osError
        self.message = message
    }

    public var description: String { "serial port \(port): \(operation) failed: \(message)" }

    /// Turns a libserialport return code into an error, taking its last error message while
    /// it is still the one for this call; nil when the call succeeded.
    static func check(_ result: sp_return, port: String, operation: String) -> SerialPortError? {
        switch result.rawValue {
        case let code where code >= 0:
            return nil
        case SP_ERR_ARG.rawValue:
            return SerialPortError(port: port, operation: operation, kind: .invalidArgument, message: "invalid argument or no such port")
        case SP_ERR_MEM.rawValue:
            return SerialPortError(port: port, operation: operation, kind: .outOfMemory, message: "out of memory")
        case SP_ERR_SUPP.rawValue:
            return SerialPortError(port: port, operation: operation, kind: .unsupported, message: "not supported on this port")
        default:
            let text = sp_last_error_message()
            defer { sp_free_error_message(text) }
            let message = text.map { String(cString: $0) } ?? "unknown error"
            return SerialPortError(
                port: port, operation: operation, kind: .failed, osError: Int32(sp_last_error_code()), message: message)
        }
    }
}
