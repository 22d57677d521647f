import Yams

/// Reads one YAML mapping strictly: every key it has must be read, so a misspelt or unknown
/// key is an error naming file, line and key, instead of a setting silently ignored. Used for
/// hardware profiles and the daemon's configuration file.
public struct YAMLMappingReader {
    public let file: String
    public let path: String
    public let line: Int?
    private var entries: [(key: String, line: Int?, value: Node)] = []
    private var used: Set<String> = []

    public init(_ node: Node, file: String, path: String) throws(ProfileError) {
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

    /// The top-level mapping of a YAML document; `file` names it in errors.
    public static func document(_ yaml: String, file: String) throws(ProfileError) -> YAMLMappingReader {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ProfileError(file: file, line: nil, key: "", problem: "the file is empty")
            }
            root = node
        } catch let error as ProfileError {
            throw error
        } catch let error as YamlError {
            throw ProfileError(file: file, line: error.line, key: "", problem: "not valid YAML: \(error)")
        } catch {
            throw ProfileError(file: file, line: nil, key: "", problem: "not valid YAML: \(error)")
        }
        return try YAMLMappingReader(root, file: file, path: "")
    }

    private func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private mutating func entry(_ key: String) throws(ProfileError) -> (line: Int?, value: Node) {
        guard let found = entries.first(where: { $0.key == key }) else {
            throw ProfileError(file: file, line: line, key: qualified(key), problem: "required key is missing")
        }
        used.insert(key)
        return (found.line, found.value)
    }

    public func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    public mutating func string(_ key: String) throws(ProfileError) -> String {
        let (line, value) = try entry(key)
        guard value.scalar != nil, let text = value.string else {
            throw ProfileError(file: file, line: line, key: qualified(key), problem: "expected a string")
        }
        return text
    }

    public mutating func boolean(_ key: String) throws(ProfileError) -> Bool {
        let (line, value) = try entry(key)
        guard let flag = value.bool else {
            throw ProfileError(
                file: file, line: line, key: qualified(key),
                problem: "expected true or false, found '\(value.string ?? "a collection")'")
        }
        return flag
    }

    public mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(ProfileError) -> Int {
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

    /// A decimal number (`0.001`, `1e-5`) within `range`.
    public mutating func number(_ key: String, in range: ClosedRange<Double>) throws(ProfileError) -> Double {
        let (line, value) = try entry(key)
        guard value.scalar != nil, let text = value.string, let number = Double(text), number.isFinite else {
            throw ProfileError(
                file: file, line: line, key: qualified(key),
                problem: "expected a number, found '\(value.string ?? "a collection")'")
        }
        guard range.contains(number) else {
            throw ProfileError(
                file: file, line: line, key: qualified(key),
                problem: "\(text) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    public mutating func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, of: Choice.Type) throws(ProfileError)
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

    public mutating func mapping(_ key: String) throws(ProfileError) -> YAMLMappingReader {
        let (_, value) = try entry(key)
        return try YAMLMappingReader(value, file: file, path: qualified(key))
    }

    /// A list of strings; a single string counts as a list of one.
    public mutating func strings(_ key: String) throws(ProfileError) -> [String] {
        let (line, value) = try entry(key)
        if let text = value.scalar?.string { return [text] }
        guard let items = value.sequence else {
            throw ProfileError(file: file, line: line, key: qualified(key), problem: "expected a list of strings")
        }
        return try items.map { item throws(ProfileError) in
            guard let text = item.scalar?.string else {
                throw ProfileError(file: file, line: item.mark?.line, key: qualified(key), problem: "expected a string")
            }
            return text
        }
    }

    /// Each mapping of a list of mappings.
    public mutating func mappings(_ key: String) throws(ProfileError) -> [YAMLMappingReader] {
        let (line, value) = try entry(key)
        guard let items = value.sequence else {
            throw ProfileError(file: file, line: line, key: qualified(key), problem: "expected a list")
        }
        return try items.enumerated().map { index, item throws(ProfileError) in
            try YAMLMappingReader(item, file: file, path: "\(qualified(key))[\(index)]")
        }
    }

    /// The mapping's keys in file order, for tables whose keys are data (numeric result codes).
    public var keys: [String] { entries.map(\.key) }

    /// The line of a key, for errors a caller raises about its value.
    public func line(of key: String) -> Int? { entries.first { $0.key == key }?.line ?? line }

    /// The dotted path of a key, for errors a caller raises about its value.
    public func keyPath(_ key: String) -> String { qualified(key) }

    /// Fails on the first key nobody read.
    public func finish() throws(ProfileError) {
        if let unknown = entries.first(where: { !used.contains($0.key) }) {
            throw ProfileError(file: file, line: unknown.line, key: qualified(unknown.key), problem: "unknown key")
        }
    }
}

extension YamlError {
    /// The line libyaml pointed at, when it did.
    fileprivate var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            mark.line
        default:
            nil
        }
    }
}
