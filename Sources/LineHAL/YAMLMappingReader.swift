import Yams

/// Reads one YAML mapping strictly: every key it has must be read, so a misspelt or unknown
/// key is an error naming file, line and key, instead of a setting silently ignored.
struct YAMLMappingReader {
    let file: String
    let path: String
    let line: Int?
    private var entries: [(key: String, line: Int?, value: Node)] = []
    private var used: Set<String> = []

    init(_ node: Node, file: String, path: String) throws(ProfileError) {
        self.file = file
        self.path = path
        self.line = node.mark?.line
        guard let mapping = node.mapping else {
            throw ProfileError(file: file, line: node.mark?.line, key: path, problem: "expected a mapping of keys to values")
        }
        for (key, value) in mapping {
            guard let name = key.string else {
                throw ProfileError(file: file, line: key.mark?.line, key: path, problem: "a key must be a string")
            }
            entries.append((name, key.mark?.line, value))
        }
    }

    private func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private mutating func entry(_ key: String) throws(ProfileError) -> (line: Int?, value: Node) {
        guard let found = entries.first(where: { $0.key == key }) else {
            throw ProfileError(file: file, line: line, key: qualified(key), problem: "required key is missing")
        }
        used.insert(key)
        return (found.line, found.value)
    }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    mutating func string(_ key: String) throws(ProfileError) -> String {
        let (line, value) = try entry(key)
        guard value.scalar != nil, let text = value.string else {
            throw ProfileError(file: file, line: line, key: qualified(key), problem: "expected a string")
        }
        return text
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(ProfileError) -> Int {
        let (line, value) = try entry(key)
        guard let number = value.int else {
            throw ProfileError(
                file: file, line: line, key: qualified(key),
                problem: "expected an integer, found '\(value.string ?? "a collection")'")
        }
        guard range.contains(number) else {
            throw ProfileError(
                file: file, line: line, key: qualified(key),
                problem: "\(number) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, of: Choice.Type) throws(ProfileError)
        -> Choice where Choice.RawValue == String
    {
        let lineOfKey = entries.first { $0.key == key }?.line
        let text = try string(key)
        guard let value = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw ProfileError(
                file: file, line: lineOfKey, key: qualified(key), problem: "'\(text)' is not one of: \(allowed)")
        }
        return value
    }

    mutating func mapping(_ key: String) throws(ProfileError) -> YAMLMappingReader {
        let (_, value) = try entry(key)
        return try YAMLMappingReader(value, file: file, path: qualified(key))
    }

    /// Fails on the first key nobody read.
    func finish() throws(ProfileError) {
        if let unknown = entries.first(where: { !used.contains($0.key) }) {
            throw ProfileError(file: file, line: unknown.line, key: qualified(unknown.key), problem: "unknown key")
        }
    }
}
