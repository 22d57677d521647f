import NIOCore

/// At most one log line per `interval` for each kind of refusal, so that a flood of
/// connections does not become a flood of log lines; the next line says how many were left out.
struct LogThrottle {
    let interval: TimeAmount
    private var last: [String: (at: NIODeadline, suppressed: Int)] = [:]

    init(interval: TimeAmount = .seconds(1)) {
        self.interval = interval
    }

    /// nil: stay quiet this time; otherwise log now, saying how many were left out before.
    mutating func shouldLog(_ kind: String, now: NIODeadline) -> Int? {
        if let entry = last[kind], now - entry.at < interval {
            last[kind] = (entry.at, entry.suppressed + 1)
            return nil
        }
        let suppressed = last[kind]?.suppressed ?? 0
        last[kind] = (now, 0)
        return suppressed
    }
}
