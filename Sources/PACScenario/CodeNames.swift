import Foundation
import PPTPWire

/// Result codes as scenarios name them: the RFC 2637 name in lower case with dashes.
enum CodeNames {
    static func kebab(_ name: String) -> String { name.lowercased().replacingOccurrences(of: " ", with: "-") }

    /// "busy (4)"; an undefined value shows its number only.
    static func name<Code: PPTPCode>(_ code: Code) -> String {
        guard let name = Code.definedNames[code.rawValue] else { return "undefined (\(code.rawValue))" }
        return "\(kebab(name)) (\(code.rawValue))"
    }
}
