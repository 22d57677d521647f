import Foundation
/// A number a scenario expects: exactly `7`, or a bound such as `">= 1"`, `"< 10"`.
public struct NumberExpectation: Sendable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case equal = "=="
        case atLeast = ">="
        case atMost = "<="
        case above = ">"
        case below = "<"
    }

    public var comparison: Comparison
    public var value: Int

    public init(_ comparison: Comparison = .equal, _ value: Int) {
        self.comparison = comparison
        self.value = value
    }

    /// `12`, `== 12`, `>= 12`, `<= 12`, `> 12` or `< 12`; nil otherwise.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // Longest operators first, so that ">=" is not read as ">".
        for comparison in [Comparison.equal, .atLeast, .atMost, .above, .below] where trimmed.hasPrefix(comparison.rawValue) {
            guard let value = Int(trimmed.dropFirst(comparison.rawValue.count).trimmingCharacters(in: .whitespaces))
            else { return nil }
            self.init(comparison, value)
            return
        }
        guard let value = Int(trimmed) else { return nil }
        self.init(.equal, value)
    }

    public func holds(for actual: Int) -> Bool {
        switch comparison {
        case .equal: actual == value
        case .atLeast: actual >= value
        case .atMost: actual <= value
        case .above: actual > value
        case .below: actual < value
        }
    }

    public var description: String { comparison == .equal ? "\(value)" : "\(comparison.rawValue) \(value)" }
}
