/// One AT command of a command line the emulator received, e.g. `E0`, `&D2`, `D T5551234`,
/// `S0=0`, `#CID=1`.
struct EmulatorCommand: Equatable {
    /// `E`, `&D`, `D`, `S`, `#CID`, `+VCID`...
    var name: String
    /// The digits or `=value` after it; for D the dial string.
    var argument: String
}

/// Splits `AT...` command lines the way Hayes modems do: basic commands are one letter (or
/// `&` + letter) and digits; S registers take `=value` or `?`; D takes the rest of the line;
/// extended commands (`#`, `+`) run to `;` or the end.
enum EmulatorCommandLine {
    /// nil when the line does not start with AT.
    static func parse(_ line: String) -> [EmulatorCommand]? {
        let characters = Array(line.uppercased().filter { $0 != " " })
        guard characters.count >= 2, characters[0] == "A", characters[1] == "T" else { return nil }
        var commands: [EmulatorCommand] = []
        var index = 2
        while index < characters.count {
            let start = index
            let head = characters[index]
            index += 1
            switch head {
            case "D":
                commands.append(EmulatorCommand(name: "D", argument: String(characters[index...])))
                return commands
            case "#", "+":
                let end = characters[index...].firstIndex(of: ";") ?? characters.count
                let body = String(characters[start..<end])
                let parts = body.split(separator: "=", maxSplits: 1)
                commands.append(EmulatorCommand(name: String(parts[0]), argument: parts.count > 1 ? String(parts[1]) : ""))
                index = end + 1
            default:
                var name = String(head)
                if head == "&" || head == "\\", index < characters.count {
                    name.append(characters[index])
                    index += 1
                }
                var argument = ""
                if head == "S" {
                    while index < characters.count, characters[index].isNumber || characters[index] == "=" || characters[index] == "?" {
                        argument.append(characters[index])
                        index += 1
                    }
                } else {
                    while index < characters.count, characters[index].isNumber {
                        argument.append(characters[index])
                        index += 1
                    }
                }
                commands.append(EmulatorCommand(name: name, argument: argument))
            }
        }
        return commands
    }
}
