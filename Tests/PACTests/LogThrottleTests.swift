import NIOCore
import Testing
@testable import PAC

@Suite("Limits: refusals logged at most once a second")
struct LogThrottleTests {
    @Test("a flood logs its first refusal, then one line a second saying how many were left out; kinds are apart")
    func throttles() {
        var throttle = LogThrottle(interval: .seconds(1))
        let t0 = NIODeadline.uptimeNanoseconds(5_000_000_000)
        #expect(throttle.shouldLog("rate", now: t0) == 0)
        for step in 1...9 { #expect(throttle.shouldLog("rate", now: t0 + .milliseconds(Int64(step) * 100)) == nil) }
        #expect(throttle.shouldLog("per-peer", now: t0 + .milliseconds(500)) == 0, "another kind has its own second")
        #expect(throttle.shouldLog("rate", now: t0 + .seconds(1)) == 9)
        #expect(throttle.shouldLog("rate", now: t0 + .seconds(3)) == 0)
    }
}
