/// A YAML file (a hardware profile or the daemon configuration) that cannot be used: says
/// which file, which line and which key, and what is wrong.
public struct ProfileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line in the file; nil when the problem is the file as a whole.
    public var line: Int?
    /// Dotted path of the key, e.g. `modem.train-up-ms`; empty for a whole-file problem.
    public var key: String
    public var problem: String

    public init(file: String, line: Int?, key: String, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(problem)" : "\(place): key '\(key)': \(problem)"
    }
}
