import Foundation
import NIOCore

/// Durations as scenarios write them: `500ms`, `30s`, `10m`, `1h`, or `1.5s`.
enum Durations {
    private static let units: [(suffix: String, nanoseconds: Double)] = [
        ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    static func parse(_ text: String) -> TimeAmount? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count)
            // "10ms" also ends in "s"; only the unit whose number parses counts.
            guard let value = Double(number), value >= 0, value.isFinite else { continue }
            return .nanoseconds(Int64(value * unit.nanoseconds))
        }
        return nil
    }

    static func text(_ amount: TimeAmount) -> String {
        let nanoseconds = amount.nanoseconds
        if nanoseconds % 60_000_000_000 == 0, nanoseconds > 0 { return "\(nanoseconds / 60_000_000_000)m" }
        if nanoseconds % 1_000_000_000 == 0 { return "\(nanoseconds / 1_000_000_000)s" }
        if nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000)ms" }
        return "\(Double(nanoseconds) / 1e9)s"
    }
}
