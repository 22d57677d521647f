import LineHAL
import NIOEmbedded
import Testing
@testable import PAC

@Suite("the embedded world with many PRI spans (benches)")
struct SimulatedWorldSpansTests {
    @Test("three bench-pri spans after 120 modems: 90 B-channels in hunt group isdn, numbered after the modems")
    func manySpans() throws {
        let profiles = try ProfileLoader.loadDirectory(EngineHarness.hardware)
        let world = try SimulatedWorld.embeddedDefault(
            eventLoop: EmbeddedEventLoop(), profiles: profiles, analogLines: 120, modem: "instant-modem",
            span: "bench-pri", spans: 3)
        let ids = world.lines.map(\.id.rawValue)
        #expect(Set(ids).count == 210, "every line has its own ID")
        #expect(ids.filter { $0 > 120 } == Array(121...210), "B-channels follow the last modem")
        let isdn = try #require(world.pool.huntGroups.first { $0.name == "isdn" })
        #expect(isdn.free == 90)
    }

    @Test("the default keeps its one T1 span at line 101")
    func defaultSpan() throws {
        let profiles = try ProfileLoader.loadDirectory(EngineHarness.hardware)
        let world = try SimulatedWorld.embeddedDefault(eventLoop: EmbeddedEventLoop(), profiles: profiles)
        #expect(world.lines.map(\.id.rawValue) == Array(1...8) + Array(101...123))
    }
}
