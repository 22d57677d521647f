/// How a modem words its result codes: verbose text (ATV1) or numbers (ATV0), whose meaning
/// differs between modem families above the first few, hence the table from the profile.
public enum ResultCodeDialect: Sendable, Hashable {
    case verbose
    /// Numeric code → the verbose text it stands for, e.g. `18: CONNECT 57600`.
    case numeric([Int: String])

    /// The codes every Hayes-compatible modem agrees on.
    public static let standardNumericCodes: [Int: String] = [
        0: "OK", 1: "CONNECT", 2: "RING", 3: "NO CARRIER", 4: "ERROR", 5: "CONNECT 1200", 6: "NO DIALTONE",
        7: "BUSY", 8: "NO ANSWER",
    ]

    /// Classifies one line. In numeric mode a number missing from the table is text, so the
    /// line is never taken for a result it is not.
    public func response(to line: String) -> ModemResponse {
        if case .numeric(let table) = self, let code = Int(line), let verbose = table[code] {
            return ModemResponse(verbose: verbose)
        }
        return ModemResponse(verbose: line)
    }
}
