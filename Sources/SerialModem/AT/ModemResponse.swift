import Foundation

/// What a CONNECT (and the report lines before it) says about the connection.
public struct ConnectReport: Sendable, Hashable {
    /// The speed on the CONNECT line: the carrier rate (Courier style) or the DTE rate
    /// (Rockwell style, where `carrierSpeed` holds the line rate).
    public var speed: Int?
    /// A second speed on the CONNECT line (`CONNECT 49333/31200`): the other direction.
    public var otherDirectionSpeed: Int?
    /// From a Rockwell `CARRIER 31200` or V.250 `+MRR:` line.
    public var carrierSpeed: Int?
    /// e.g. `V90`, `V34`, `V32BIS`.
    public var modulation: String?
    /// e.g. `LAPM`, `MNP`; `ARQ` alone means some error control.
    public var errorControl: String?
    /// e.g. `V42BIS`, `MNP5`, `V44`.
    public var compression: String?

    public init(
        speed: Int? = nil, otherDirectionSpeed: Int? = nil, carrierSpeed: Int? = nil, modulation: String? = nil,
        errorControl: String? = nil, compression: String? = nil
    ) {
        self.speed = speed
        self.otherDirectionSpeed = otherDirectionSpeed
        self.carrierSpeed = carrierSpeed
        self.modulation = modulation
        self.errorControl = errorControl
        self.compression = compression
    }

    /// The line rate: the carrier's when the modem reported it, else the CONNECT speed.
    public var lineSpeed: Int? { carrierSpeed ?? speed }

    private static let modulations: Set<String> = [
        "V92", "V90", "V34", "V32", "V32BIS", "V32TERBO", "V22", "V22BIS", "V23", "V21", "K56", "K56FLEX", "X2",
        "HST", "VFC", "BELL103", "BELL212",
    ]
    private static let errorControls: Set<String> = ["LAPM", "MNP", "MNP4", "MNP10", "ALT", "REL", "ARQ", "HST"]
    private static let compressions: Set<String> = ["V42BIS", "V44", "MNP5", "CLASS5", "ALTCELL"]

    /// Parses what follows `CONNECT`: `49333/ARQ/V90/LAPM/V42BIS`, `115200`, `28800 V42bis`.
    init(connectLine rest: Substring) {
        for token in rest.split(whereSeparator: { $0 == "/" || $0 == " " }) {
            let word = token.uppercased().replacingOccurrences(of: ".", with: "").replacingOccurrences(of: "-", with: "")
            if let number = Int(word) {
                if speed == nil { speed = number } else if otherDirectionSpeed == nil { otherDirectionSpeed = number }
            } else {
                note(word)
            }
        }
    }

    /// Takes a protocol word from a CONNECT suffix or a PROTOCOL:/COMPRESSION: line.
    mutating func note(_ word: String) {
        let word = word.uppercased().replacingOccurrences(of: ".", with: "").replacingOccurrences(of: "-", with: "")
        if Self.modulations.contains(word) {
            modulation = word
        } else if Self.errorControls.contains(word) {
            if word != "ARQ" || errorControl == nil { errorControl = word }
        } else if Self.compressions.contains(word) {
            compression = word
        }
    }
}

/// The final result codes: each ends the command it answers (V.250 §5.7).
public enum FinalResult: Sendable, Hashable {
    case ok
    case connect(ConnectReport)
    case noCarrier
    case error
    case noDialTone
    case busy
    case noAnswer
    /// The modem refuses to redial the number yet (national redial rules).
    case delayed
    /// The number failed too often; the modem refuses to dial it (national redial rules).
    case blacklisted
}

/// One caller-ID field between the first and second RING (Bellcore MDMF as modems print it).
public enum CallerIDField: Sendable, Hashable {
    case date(String)
    case time(String)
    case number(String)
    case name(String)
    /// The number that was dialed to reach us, where the network sends it.
    case dialedNumber(String)
    /// A field the modem printed that the driver does not use, e.g. `MESG`.
    case other(key: String, value: String)
}

/// One line of the modem's command-mode output, classified.
public enum ModemResponse: Sendable, Hashable {
    case final(FinalResult)
    case ring
    case callerID(CallerIDField)
    /// Rockwell `CARRIER 31200`, V.250 `+MRR: 31200`: the line rate, before CONNECT.
    case carrier(Int)
    /// Rockwell `PROTOCOL: LAPM` / `COMPRESSION: V42BIS`, V.250 `+ER:`/`+DR:`: before CONNECT.
    case protocolReport(String)
    /// Anything else: ATI output, an S-register value, or garbage.
    case text(String)

    /// Classifies a verbose-mode line (after a numeric code was translated).
    public init(verbose line: String) {
        let upper = line.uppercased()
        switch upper {
        case "OK": self = .final(.ok)
        case "RING": self = .ring
        case "NO CARRIER": self = .final(.noCarrier)
        case "ERROR": self = .final(.error)
        case "NO DIALTONE", "NO DIAL TONE": self = .final(.noDialTone)
        case "BUSY": self = .final(.busy)
        case "NO ANSWER": self = .final(.noAnswer)
        case "DELAYED": self = .final(.delayed)
        case "BLACKLISTED": self = .final(.blacklisted)
        default:
            if upper == "CONNECT" || upper.hasPrefix("CONNECT ") || upper.hasPrefix("CONNECT/") {
                self = .final(.connect(ConnectReport(connectLine: upper.dropFirst("CONNECT".count))))
            } else if let value = Self.value(of: "CARRIER", in: upper), let speed = Int(value) {
                self = .carrier(speed)
            } else if let value = Self.value(of: "+MRR", in: upper),
                let speed = value.split(separator: ",").first.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
            {
                self = .carrier(speed)
            } else if let value = Self.value(of: "PROTOCOL", in: upper) ?? Self.value(of: "COMPRESSION", in: upper)
                ?? Self.value(of: "+ER", in: upper) ?? Self.value(of: "+DR", in: upper) ?? Self.value(of: "+MCR", in: upper)
            {
                self = .protocolReport(value)
            } else if let field = Self.callerID(line) {
                self = .callerID(field)
            } else {
                self = .text(line)
            }
        }
    }

    /// `KEY: value`, `KEY value` or `KEY = value` → value.
    private static func value(of key: String, in line: String) -> String? {
        guard line.hasPrefix(key) else { return nil }
        var rest = line.dropFirst(key.count)
        guard let first = rest.first, first == ":" || first == " " || first == "=" else { return nil }
        rest = rest.drop { $0 == ":" || $0 == " " || $0 == "=" }
        return rest.isEmpty ? nil : String(rest).trimmingCharacters(in: .whitespaces)
    }

    /// `NMBR = 5551234` (spaces around `=` vary by modem; Conexant also prints `NMBR: ...`).
    private static func callerID(_ line: String) -> CallerIDField? {
        guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        let key = line[..<separator].trimmingCharacters(in: .whitespaces).uppercased()
        let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        switch key {
        case "DATE": return .date(value)
        case "TIME": return .time(value)
        case "NMBR": return .number(value)
        case "NAME": return .name(value)
        case "DDN_NMBR", "DDN": return .dialedNumber(value)
        case "MESG": return .other(key: key, value: value)
        default: return nil
        }
    }
}
