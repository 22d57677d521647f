/// Prometheus text exposition (what `GET /metrics` answers) parsed into samples, each keyed
/// as written before its value: `name` or `name{label="value",…}`. Comments are skipped.
public struct PrometheusText: Sendable {
    public let text: String
    private var samples: [String: Double] = [:]

    public struct Malformed: Error, CustomStringConvertible {
        public var line: String
        public var description: String { "not a Prometheus sample line: \(line)" }
    }

    public init(_ text: String) throws {
        self.text = text
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw Malformed(line: String(line))
            }
            samples[String(line[..<space])] = value
        }
    }

    public subscript(_ sample: String) -> Double? { samples[sample] }
}
