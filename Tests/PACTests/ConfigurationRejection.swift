import LineHAL
import PAC
import Testing

/// Checks that `yaml`, read as the file pac.yaml, is rejected with exactly `message`.
func expectRejected(_ yaml: String, with message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try DaemonConfiguration.parse(yaml, file: "pac.yaml")
        Issue.record("accepted: \(yaml)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.description == message, sourceLocation: sourceLocation)
    }
}
