/// Builds the ATD command for a number: tone or pulse, and the dial modifiers modems share.
enum DialString {
    /// Digits and keypad characters, and the modifiers: `,` pause, `W` wait for dial tone,
    /// `@` wait for quiet answer, `!` hook flash. A leading `T` or `P` overrides the profile's
    /// dial mode for this number. `;` (stay in command mode) is refused: a data call must connect.
    static let allowed = Set("0123456789*#ABCD,W@!")

    /// nil when the number is empty or has a character a modem would not dial.
    static func command(for number: String, mode: HayesProfile.DialMode) -> String? {
        var digits = Substring(number.uppercased().filter { $0 != " " && $0 != "-" && $0 != "(" && $0 != ")" })
        var letter = mode.letter
        if let first = digits.first, first == "T" || first == "P" {
            letter = String(first)
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ allowed.contains($0) }) else { return nil }
        return "ATD" + letter + digits
    }
}
