/// Cuts the modem's command-mode output into lines, in bounded memory.
///
/// Modems end lines with CR LF in verbose mode and CR alone in numeric mode; both end a line
/// here, and empty lines vanish. Bytes outside printable ASCII (line noise, a half-reset
/// modem's garbage) are dropped; a line longer than `maximumLength` is discarded up to its
/// end and counted, so a modem spewing without line ends costs at most `maximumLength` bytes.
public struct ATLineSplitter: Sendable {
    public let maximumLength: Int
    /// Characters dropped because they were not printable ASCII.
    public private(set) var unprintableCharacters: UInt64 = 0
    /// Lines discarded for being longer than `maximumLength`.
    public private(set) var overlongLines: UInt64 = 0
    private var current: [UInt8] = []
    private var discarding = false

    public init(maximumLength: Int = 256) {
        precondition(maximumLength > 0, "a line must be allowed at least one character")
        self.maximumLength = maximumLength
        current.reserveCapacity(maximumLength)
    }

    /// Feeds one character; returns the line it completed, if any.
    public mutating func feed(_ byte: UInt8) -> String? {
        switch byte {
        case 0x0D, 0x0A:
            defer {
                current.removeAll(keepingCapacity: true)
                discarding = false
            }
            guard !discarding, !current.isEmpty else { return nil }
            return String(decoding: current, as: UTF8.self)
        case 0x20...0x7E:
            guard !discarding else { return nil }
            guard current.count < maximumLength else {
                overlongLines += 1
                discarding = true
                current.removeAll(keepingCapacity: true)
                return nil
            }
            current.append(byte)
            return nil
        default:
            unprintableCharacters += 1
            return nil
        }
    }

    /// Forgets a partial line (the modem was reset or left data mode).
    public mutating func reset() {
        current.removeAll(keepingCapacity: true)
        discarding = false
    }
}
