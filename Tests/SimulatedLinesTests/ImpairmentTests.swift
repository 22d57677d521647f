import LineHAL
import NIOCore
import SimulatedLines
import Testing

@Suite("Impairments move the right counters")
struct ImpairmentTests {
    /// Sends `count` frames over an echo call with `impairments` and returns the line and what
    /// came back.
    private func run(
        seed: UInt64 = 7, isdn: Bool = false, count: Int = 200, _ impairments: Impairments
    ) throws -> (statistics: LineStatistics, frames: [[UInt8]]) {
        let net = TestNetwork(seed: seed)
        let (line, recorder) = isdn ? net.bChannel() : net.modemLine(Profiles.v34)
        try net.connect(line, to: isdn ? Numbers.isdnEcho : Numbers.v34Echo, bearer: isdn ? .digital : .analog)
        line.impairments = impairments
        for index in 0..<count { line.send(frame: ByteBuffer(pppFrame(length: 100, tag: UInt8(index % 256)))) }
        net.advance(seconds: 120)
        return (line.statistics, recorder.frames)
    }

    @Test("a clean line loses nothing and counts nothing")
    func clean() throws {
        let result = try run(.none)
        #expect(result.frames.count == 200)
        #expect(!result.statistics.hasErrors)
    }

    @Test("bit errors flip bits on the wire: corrupted frames fail their FCS upstream", arguments: [false, true])
    func bitErrors(isdn: Bool) throws {
        let result = try run(isdn: isdn, Impairments(bitErrorRate: 1e-4))
        let lost = 200 - result.frames.count
        #expect(result.statistics.crcErrors > 0)
        #expect(lost > 0)
        // Every frame that came back is one that was sent, unharmed.
        let sent = Set((0..<200).map { pppFrame(length: 100, tag: UInt8($0 % 256)) })
        #expect(result.frames.allSatisfy(sent.contains))
        #expect(result.statistics.hardwareOverruns == 0)
    }

    @Test("error bursts destroy frames and count CRC or framing errors")
    func bursts() throws {
        let result = try run(Impairments(errorBursts: ErrorBurst(meanInterval: .seconds(1), lengthInBits: 16)))
        #expect(result.statistics.crcErrors + result.statistics.framingErrors > 0)
        #expect(result.frames.count < 200)
    }

    @Test("receiver overruns count hardware overruns, and the frames they hit fail their FCS")
    func overruns() throws {
        let result = try run(Impairments(hardwareOverrunRate: 1e-3))
        #expect(result.statistics.hardwareOverruns > 0)
        #expect(result.statistics.crcErrors > 0)
        #expect(result.frames.count < 200)
    }

    @Test("impairments change mid-call: noise then clean again")
    func changeMidCall() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine(Profiles.v34)
        try net.connect(line, to: Numbers.v34Echo)
        line.impairments = Impairments(bitErrorRate: 1e-3)
        for _ in 0..<50 { line.send(frame: ByteBuffer(pppFrame(length: 100))) }
        net.advance(seconds: 30)
        let errorsWhileNoisy = line.statistics.crcErrors
        #expect(errorsWhileNoisy > 0)
        line.impairments = .none
        let before = recorder.frames.count
        for _ in 0..<50 { line.send(frame: ByteBuffer(pppFrame(length: 100))) }
        net.advance(seconds: 30)
        #expect(recorder.frames.count == before + 50)
        #expect(line.statistics.crcErrors == errorsWhileNoisy)
    }

    @Test("the same seed gives the same run; another seed another run")
    func seedReproduces() throws {
        let noisy = Impairments(bitErrorRate: 2e-4, errorBursts: ErrorBurst(meanInterval: .seconds(2), lengthInBits: 12), hardwareOverrunRate: 1e-4)
        let first = try run(seed: 42, noisy)
        let second = try run(seed: 42, noisy)
        let other = try run(seed: 43, noisy)
        #expect(first.statistics == second.statistics)
        #expect(first.frames == second.frames)
        #expect(first.statistics != other.statistics || first.frames != other.frames)
    }
}
