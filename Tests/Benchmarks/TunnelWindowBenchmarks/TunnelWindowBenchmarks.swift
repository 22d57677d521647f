// Per-packet cost of the tunnel window (RFC 2637 §4.2–§4.4), without I/O.
// Target: no allocation per packet once a call's queues have grown to their working size.
import Benchmark
import NIOCore
import PPTPProtocol
import PPTPWire

let configuration = TunnelWindow.Configuration(
    peerCallID: 1, peerReceiveWindowSize: 64, peerPacketProcessingDelay: .milliseconds(100), receiveWindowSize: 64)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .instructions],
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    // A frame from the line goes out with its sequence number; the peer's acknowledgment of
    // it comes back (RTT sample, window accounting).
    Benchmark("send a frame and take its acknowledgment") { benchmark in
        var window = TunnelWindow(configuration: configuration)
        let frame = ByteBuffer(repeating: 0x7E, count: 100)
        var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var sent: UInt32 = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            now = now + .microseconds(10)
            window.sendFrame(frame)
            while let action = window.nextAction(now: now) {
                if case .send(let packet) = action { sent = packet.header.sequenceNumber ?? sent }
            }
            let ack = GREHeader.acknowledgmentOnly(callID: 9, acknowledgmentNumber: sent)
            window.receive(GREPacket(header: ack, payload: ByteBuffer()), now: now)
            blackHole(window.nextDeadline)
        }
    }

    // A data packet from the peer is delivered in order; every 32nd makes an acknowledgment
    // due at once (half the receive window).
    Benchmark("receive a frame in order and deliver it") { benchmark in
        var window = TunnelWindow(configuration: configuration)
        let payload = ByteBuffer(repeating: 0x7E, count: 100)
        var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var sequence: UInt32 = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            now = now + .microseconds(10)
            let header = GREHeader(payloadLength: 100, callID: 9, sequenceNumber: sequence, acknowledgmentNumber: nil)
            window.receive(GREPacket(header: header, payload: payload), now: now)
            while let action = window.nextAction(now: now) { blackHole(action) }
            blackHole(window.nextDeadline)
            sequence &+= 1
        }
    }
}
