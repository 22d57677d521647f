import NIOCore
import NIOEmbedded
import Testing

@testable import SimulatedLines

@Suite("Paced wire and seeded noise")
struct PacedWireTests {
    @Test("a wire delivers exactly rate / bits-per-character characters a second", arguments: [(56000, 10), (33600, 10), (64000, 8)])
    func exactRate(bitsPerSecond: Int, bitsPerCharacter: Int) {
        let loop = EmbeddedEventLoop()
        let scheduler = WireScheduler(eventLoop: loop, tick: .milliseconds(10))
        let wire = PacedWire(bitsPerSecond: bitsPerSecond, bitsPerCharacter: bitsPerCharacter, appliesOverruns: false, random: SeededRandom(seed: 1))
        var delivered = 0
        wire.deliver = { delivered += $0.count }
        scheduler.send([UInt8](repeating: 0x55, count: 200_000), on: wire)
        loop.advanceTime(by: .seconds(10))
        #expect(delivered == 10 * bitsPerSecond / bitsPerCharacter)
    }

    @Test("one tick at a time: wires that join during a tick do not start a second train of ticks")
    func oneTickTrain() {
        let loop = EmbeddedEventLoop()
        let scheduler = WireScheduler(eventLoop: loop, tick: .milliseconds(10))
        let outbound = PacedWire(bitsPerSecond: 64000, bitsPerCharacter: 8, appliesOverruns: false, random: SeededRandom(seed: 1))
        let inbound = PacedWire(bitsPerSecond: 64000, bitsPerCharacter: 8, appliesOverruns: false, random: SeededRandom(seed: 2))
        var deliveries: [Int] = []
        // Like an echo far end: every delivery puts a character on the other wire, mid-tick.
        outbound.deliver = { characters in
            deliveries.append(characters.count)
            scheduler.send([0x7E], on: inbound)
        }
        scheduler.send([UInt8](repeating: 0x55, count: 200_000), on: outbound)
        loop.advanceTime(by: .seconds(10))
        // 100 ticks a second, each moving 10 ms of a 64 kbit/s wire: 80 characters.
        #expect(deliveries.count == 1000)
        #expect(deliveries.allSatisfy { $0 == 80 })
        #expect(scheduler.ticksRun == 1000)
    }

    @Test("a zero tick moves characters at once, and an echo sent during a delivery after it")
    func unpaced() {
        let loop = EmbeddedEventLoop()
        let scheduler = WireScheduler(eventLoop: loop, tick: .zero)
        let wire = PacedWire(bitsPerSecond: 64000, bitsPerCharacter: 8, appliesOverruns: false, random: SeededRandom(seed: 1))
        var delivered: [[UInt8]] = []
        wire.deliver = { characters in
            delivered.append(Array(characters))
            if delivered.count == 1 { scheduler.send([9], on: wire) }
        }
        scheduler.send([UInt8](repeating: 0x55, count: 100_000), on: wire)
        #expect(delivered.map(\.count) == [100_000, 1])
        #expect(loop.now == .uptimeNanoseconds(0))
    }

    @Test("unpaced, a clean wire hands the receiver the sender's own characters; a noisy one a garbled copy")
    func passStraightThrough() {
        let scheduler = WireScheduler(eventLoop: EmbeddedEventLoop(), tick: .zero)
        let wire = PacedWire(bitsPerSecond: 64000, bitsPerCharacter: 8, appliesOverruns: false, random: SeededRandom(seed: 1))
        var delivered: [(address: UnsafeRawPointer?, characters: [UInt8])] = []
        wire.deliver = { delivered.append(($0.baseAddress, Array($0))) }
        let sent: [UInt8] = Array(0..<64)
        sent.withUnsafeBytes { buffer in
            scheduler.send(buffer, on: wire)
            #expect(delivered.last?.address == buffer.baseAddress)
        }
        wire.configure(Impairments(bitErrorRate: 0.1))
        sent.withUnsafeBytes { buffer in
            scheduler.send(buffer, on: wire)
            #expect(delivered.last?.address != buffer.baseAddress)
        }
        #expect(delivered.count == 2)
        #expect(delivered[0].characters == sent)
        #expect(delivered[1].characters != sent, "512 bits at a bit error rate of 0.1 arrived intact")
        #expect(sent == Array(0..<64), "the noise garbled the sender's buffer")
    }

    @Test("a paced wire never passes characters straight through: they wait for the tick")
    func pacedQueues() {
        let loop = EmbeddedEventLoop()
        let scheduler = WireScheduler(eventLoop: loop, tick: .milliseconds(10))
        let wire = PacedWire(bitsPerSecond: 64000, bitsPerCharacter: 8, appliesOverruns: false, random: SeededRandom(seed: 1))
        var delivered: [UInt8] = []
        wire.deliver = { delivered += $0 }
        scheduler.send([1, 2, 3], on: wire)
        #expect(delivered.isEmpty)
        loop.advanceTime(by: .milliseconds(10))
        #expect(delivered == [1, 2, 3])
    }

    @Test("a V.90 call's two directions run at their own speeds")
    func asymmetric() throws {
        let net = TestNetwork()
        let (line, _) = net.modemLine(Profiles.v90)
        try net.connect(line, to: Numbers.v90Echo)
        #expect(line.callState == .connected(transmitSpeed: 56000, receiveSpeed: 33600))
    }

    @Test("bit errors arrive at the configured rate")
    func bitErrorRate() {
        var noise = WireNoise(random: SeededRandom(seed: 3))
        noise.configure(Impairments(bitErrorRate: 1e-3), bitsPerSecond: 64000, appliesOverruns: false)
        var flipped = 0
        for _ in 0..<100 {
            var characters = [UInt8](repeating: 0, count: 10_000)
            _ = noise.apply(to: &characters, bitsPerCharacter: 8)
            flipped += characters.reduce(0) { $0 + $1.nonzeroBitCount }
        }
        // 8 million bits at 1e-3: 8000 expected, σ ≈ 89.
        #expect((7600...8400).contains(flipped))
    }

    @Test("the generator is the same for the same seed and stream")
    func generator() {
        var a = SeededRandom(seed: 9, stream: 4)
        var b = SeededRandom(seed: 9, stream: 4)
        var c = SeededRandom(seed: 9, stream: 5)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
    }
}

extension WireScheduler {
    func send(_ characters: [UInt8], on wire: PacedWire) {
        characters.withUnsafeBytes { send($0, on: wire) }
    }
}
