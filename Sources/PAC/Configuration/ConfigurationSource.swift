import LineHAL

/// A key of the configuration file: what errors found after parsing point at.
public struct ConfigurationSource: Sendable, Equatable {
    public var file: String
    public var line: Int?
    /// Dotted path, e.g. `lines.modems[0].profile`.
    public var key: String

    public func error(_ problem: String) -> ProfileError {
        ProfileError(file: file, line: line, key: key, problem: problem)
    }
}
