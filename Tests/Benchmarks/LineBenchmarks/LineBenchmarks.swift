// 10,000 simulated lines in one process, on one event loop in virtual time: what an idle line
// costs in memory (target ≤ 8 KiB), what a line with a call up costs, and the CPU per frame
// with every call carrying traffic. Half the lines are V.90 modems (async HDLC, paced at
// 10 bits a character), half are E1 B-channels (bit-stuffed sync HDLC at 64 kbit/s); every
// call goes to an echo far end, so a frame crosses the line's framer and wire both ways.
import Benchmark
import Foundation
import LineHAL
import NIOCore
import NIOEmbedded
import SimulatedLines

let lineCount = 10_000
let hardware = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Hardware").path

func profile(_ name: String) -> LineProfile.Kind {
    try! ProfileLoader.load(file: "\(hardware)/\(name).yaml").kind
}

/// Resident memory of the process, from /proc/self/statm (Linux). Memory benchmarks run once,
/// without warm-up, so the lines are the first thing their process allocates in bulk: memory
/// freed by an earlier iteration would be resident already and hide the cost.
func residentBytes() -> Int {
    let fields = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ") ?? []
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// CPU time of the calling thread, in nanoseconds: the simulation runs on it alone, and unlike
/// wall time it does not count the other builds sharing the machine.
func threadCPUNanoseconds() -> Int {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return time.tv_sec * 1_000_000_000 + time.tv_nsec
}

/// Counts frames; the engine's place.
final class FrameCounter: LineDelegate {
    var frames = 0
    var connected = 0
    func line(_ line: any Line, didReport event: LineEvent) {
        if case .connected = event { connected += 1 }
    }
    func line(_ line: any Line, didReceive frame: ByteBuffer) { frames += 1 }
}

/// The lines, their switch and loop.
struct Fleet {
    let loop = EmbeddedEventLoop()
    let network: SimulatedSwitch
    let lines: [SimulatedLine]
    let counter = FrameCounter()

    init() {
        guard case .analogModem(let v90) = profile("v90-modem"), case .isdnSpan(let e1) = profile("e1-pri") else {
            fatalError("Hardware/ profiles changed kind")
        }
        network = SimulatedSwitch(eventLoop: loop, seed: 1)
        network.addSubscriber("modem", Subscriber(behaviour: .answer(afterRings: 0), equipment: .modem(v90)))
        network.addSubscriber("isdn", Subscriber(behaviour: .answer(afterRings: 0), equipment: .isdn))
        var lines: [SimulatedLine] = []
        for index in 0..<(lineCount / 2) {
            lines.append(network.makeModemLine(id: LineID(index), modem: v90, port: index))
        }
        while lines.count < lineCount {
            lines += network.makeSpan(e1, firstLineID: LineID(lines.count))
        }
        self.lines = Array(lines.prefix(lineCount))
        for line in self.lines { line.delegate = counter }
    }

    func connectAll() {
        for line in lines {
            let analog = line.capabilities.bearer == .analog
            try! line.dial(DialRequest(number: analog ? "modem" : "isdn", bearer: line.capabilities.bearer))
        }
        loop.advanceTime(by: .seconds(30))
        precondition(counter.connected == lineCount, "only \(counter.connected) of \(lineCount) calls connected")
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "memory: 10,000 idle lines",
        configuration: .init(
            metrics: [.custom("bytes per idle line", useScalingFactor: false)], warmupIterations: 0, maxIterations: 1)
    ) { benchmark in
        let before = residentBytes()
        let fleet = Fleet()
        benchmark.measurement(.custom("bytes per idle line", useScalingFactor: false), (residentBytes() - before) / lineCount)
        blackHole(fleet.lines.count)
    }

    Benchmark(
        "memory: 10,000 lines with a call up",
        configuration: .init(
            metrics: [.custom("bytes per connected line", useScalingFactor: false)], warmupIterations: 0, maxIterations: 1)
    ) { benchmark in
        let before = residentBytes()
        let fleet = Fleet()
        fleet.connectAll()
        benchmark.measurement(.custom("bytes per connected line", useScalingFactor: false), (residentBytes() - before) / lineCount)
        blackHole(fleet.lines.count)
    }

    // One iteration: each of the 10,000 lines sends one 200-octet frame and it comes back
    // (250 ms of virtual time). Divide wallClock and cpuTotal by 10,000 for the cost per frame.
    Benchmark(
        "traffic: 10,000 calls, one 200-octet frame each, echoed",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .custom("ns CPU per frame round trip", useScalingFactor: false)],
            maxDuration: .seconds(20), maxIterations: 20)
    ) { benchmark in
        let fleet = Fleet()
        fleet.connectAll()
        let frame = ByteBufferAllocator().buffer(bytes: [0xFF, 0x03, 0x00, 0x21] + (0..<196).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        let started = threadCPUNanoseconds()
        let framesBefore = fleet.counter.frames
        benchmark.startMeasurement()
        for line in fleet.lines { line.send(frame: frame) }
        fleet.loop.advanceTime(by: .milliseconds(250))
        benchmark.stopMeasurement()
        let elapsed = threadCPUNanoseconds() - started
        let frames = fleet.counter.frames - framesBefore
        precondition(frames == lineCount, "\(frames) of \(lineCount) frames came back")
        benchmark.measurement(.custom("ns CPU per frame round trip", useScalingFactor: false), elapsed / frames)
    }
}
