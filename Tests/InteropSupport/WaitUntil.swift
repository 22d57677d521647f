import Foundation

/// Polls a condition until it holds or the time is up: every wait in the fixture is bounded.
///
/// - Parameters:
///   - what: said in the time-out error, e.g. "dumpcap to start on veth-a".
///   - seconds: the deadline, counted from the call.
///   - interval: how long to sleep between polls.
public func waitUntil(
    _ what: String,
    within seconds: Double,
    pollingEvery interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + .milliseconds(Int(seconds * 1000))
    while true {
        if try await condition() { return }
        guard clock.now < deadline else { throw InteropError.timedOut(waitingFor: what, seconds: seconds) }
        try await Task.sleep(for: interval)
    }
}
