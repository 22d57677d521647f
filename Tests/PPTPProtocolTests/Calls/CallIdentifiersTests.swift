import NIOCore
import Testing
@testable import PPTPProtocol

@Suite("RFC 2637 §3.2.2 Call ID values")
struct CallIdentifiersTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test("§3.2.2 Call IDs are unique while in use and never 0")
    func unique() {
        var ids = CallIdentifiers()
        var seen = Set<UInt16>()
        for _ in 0..<10_000 {
            let id = ids.allocate(now: start)!
            #expect(id != 0)
            #expect(seen.insert(id).inserted)
        }
        #expect(ids.inUseCount == 10_000)
    }

    @Test("§3.2.2 a released Call ID is not reused soon")
    func notReusedSoon() {
        var ids = CallIdentifiers(range: 1...3, reuseDelay: .seconds(60))
        let a = ids.allocate(now: start)!
        ids.release(a, now: start)
        let b = ids.allocate(now: start)!
        let c = ids.allocate(now: start)!
        #expect(Set([b, c]).count == 2 && !Set([b, c]).contains(a))
        #expect(ids.allocate(now: start + .seconds(59)) == nil, "the only free ID is still resting")
        #expect(ids.allocate(now: start + .seconds(60)) == a)
    }

    @Test("§3.2.2 IDs are taken in rising order, so reuse waits for the range to wrap")
    func risingOrder() {
        var ids = CallIdentifiers(range: 1...5, reuseDelay: .zero)
        let first = ids.allocate(now: start)!
        ids.release(first, now: start)
        #expect(ids.allocate(now: start) == first + 1)
    }

    @Test("§2.7 call serial numbers increase per call")
    func serialNumbers() {
        var ids = CallIdentifiers()
        #expect(ids.serialNumber() == 1)
        #expect(ids.serialNumber() == 2)
    }
}
