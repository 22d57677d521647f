// Throughput and allocations of the framing layer, which touches every octet of every call.
// Each iteration handles `scalingFactor` (1000) frames, so throughput is frames per second:
// MB/s = throughput × frame size / 10⁶. mallocCountTotal must stay 0: the encoder appends to a
// reused array and the decoders reuse their one frame buffer.
import Benchmark
import HDLC

/// Octets that look like compressed or encrypted payload (MPPE), the common case on a PPTP call:
/// every value, so ACCM escaping costs what it costs in practice (about 1 octet in 8 with the
/// default ACCM).
func payload(_ count: Int) -> [UInt8] {
    var state: UInt64 = 0x2637_1662
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
    }
}

/// The line octets of `frames` copies of one frame, for the decoders to chew on.
func asyncLine(frameSize: Int, accm: UInt32, frames: Int) -> [UInt8] {
    let encoder = AsyncHDLCEncoder(sendACCM: accm)
    let frame = payload(frameSize)
    var line: [UInt8] = []
    for _ in 0..<frames {
        encoder.encode(frame, into: &line)
    }
    return line
}

/// The `scalingFactor` of every benchmark: frames handled per measured iteration.
let framesPerIteration = BenchmarkScalingFactor.kilo.rawValue

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )

    for frameSize in [100, 1500] {
        for (accmName, accm) in [("default ACCM", UInt32(0xFFFF_FFFF)), ("ACCM 0", UInt32(0))] {
            Benchmark("async encode \(frameSize) octets, \(accmName)") { benchmark in
                let encoder = AsyncHDLCEncoder(sendACCM: accm)
                let frame = payload(frameSize)
                var output: [UInt8] = []
                encoder.encode(frame, into: &output)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    output.removeAll(keepingCapacity: true)
                    encoder.encode(frame, into: &output)
                    blackHole(output.count)
                }
            }

            // One scaled iteration decodes the 1000 frames of `line` in one call.
            let line = asyncLine(frameSize: frameSize, accm: accm, frames: framesPerIteration)
            Benchmark("async decode \(frameSize) octets, \(accmName)") { benchmark in
                var decoder = AsyncHDLCDecoder(receiveACCM: accm)
                var received = 0
                benchmark.startMeasurement()
                decoder.decode(line) { received += $0.count }
                blackHole(received)
            }
        }
    }

    let frame1500 = payload(1500)

    Benchmark("FCS-16 over 1500 octets") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(FCS16.compute(frame1500))
        }
    }
    Benchmark("FCS-32 over 1500 octets") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(FCS32.compute(frame1500))
        }
    }

    // Random payload: one octet in two needs (or holds) a stuffed 0. Plain payload (0x5A, the
    // GRE bench's fill, scripts/bench-gre) never does, so whole words go through at once.
    let payloads: [(String, (Int) -> [UInt8])] = [("random", payload), ("plain", { [UInt8](repeating: 0x5A, count: $0) })]
    for (payloadName, makeFrame) in payloads {
        for frameSize in [100, 1500] {
            let frame = makeFrame(frameSize)
            Benchmark("sync encode \(frameSize) octets, \(payloadName)") { benchmark in
                let encoder = SyncHDLCEncoder()
                var bits = SyncBitStream()
                encoder.encode(frame, into: &bits)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    bits.octets.removeAll(keepingCapacity: true)
                    encoder.encode(frame, into: &bits)
                    blackHole(bits.octets.count)
                }
            }

            var bits = SyncBitStream()
            for _ in 0..<framesPerIteration {
                SyncHDLCEncoder().encode(frame, into: &bits)
            }
            bits.appendFlags(2)
            let syncLine = bits.octets
            Benchmark("sync decode \(frameSize) octets, \(payloadName)") { benchmark in
                var decoder = SyncHDLCDecoder()
                var received = 0
                benchmark.startMeasurement()
                decoder.decode(syncLine) { received += $0.count }
                blackHole(received)
            }
        }
    }
}
