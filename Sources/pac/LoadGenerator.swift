import GRETransport
import NIOCore
import PPTPProtocol
import SimulatedLines

/// Keeps frames in flight on one call's GRE tunnel and times their round trips, for
/// `pac pns load` and scripts/bench-gre (docs/performance.md). Lives on the tunnel's event
/// loop: frames are sent and their echoes counted there, with no lock.
///
/// Closed loop (no rate): `inFlight` frames are sent at once and each echo sends the next,
/// so the rate is what the path sustains. Open loop (a rate): frames leave at that rate,
/// at most `inFlight` outstanding, so latency is measured below saturation.
final class LoadGenerator {
    struct Report: Codable, Sendable {
        var inFlight: Int
        var frameSize: Int
        var offeredPerSecond: Int?
        var seconds: Double
        var framesSent: Int
        var framesReceived: Int
        var packetsPerSecond: Int
        var p50Microseconds: Double
        var p99Microseconds: Double
        /// Times every outstanding frame was given up as lost after 200 ms without an echo.
        var stalls: Int
        var payload: Payload
    }

    /// What fills each frame after its LCP header and send time.
    enum Payload: String, Codable, Sendable, CaseIterable {
        /// 0x5A repeated: no run of five 1s, so a synchronous line stuffs nothing (the bench's
        /// default, which measures the data path rather than the B-channel's bit stuffing).
        case plain
        /// Octets that look like MPPE's (a fixed pseudo-random sequence): on a synchronous
        /// line one octet in two then needs a stuffed 0, as real PPTP payload does.
        case random

        /// `count` octets of this payload.
        func octets(_ count: Int) -> [UInt8] {
            switch self {
            case .plain: return [UInt8](repeating: 0x5A, count: count)
            case .random:
                var generator = SeededRandom(seed: 2637)
                return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            }
        }
    }

    private let gre: GRESocket
    /// Set once the call is open, before anything is sent.
    private var key: GRECallKey!
    private let inFlight: Int
    private let frameSize: Int
    private let payload: Payload
    /// Every frame's octets but its send time, made once.
    private let template: [UInt8]
    private let rate: Int?
    private var outstanding = 0
    private var sent = 0
    private var received = 0
    private var stalls = 0
    /// Round trips of frames sent after the warm-up, in nanoseconds, in the order they came back.
    private var roundTrips: [Int64] = []
    /// When each of those frames was sent (uptime nanoseconds), in the same order; nil unless
    /// the run keeps its round trips.
    private var sendTimes: [UInt64]?
    private var measuringSince: NIODeadline?
    private var lastEcho = NIODeadline.now()
    private var credit = 0.0
    private var lastTick = NIODeadline.now()
    private var sending = true

    private init(gre: GRESocket, inFlight: Int, frameSize: Int, payload: Payload, rate: Int?) {
        self.gre = gre
        self.inFlight = inFlight
        self.frameSize = frameSize
        self.payload = payload
        self.template = Self.frameTemplate(frameSize: frameSize, payload: payload)
        self.rate = rate
        roundTrips.reserveCapacity(1 << 20)
    }

    /// Opens the call on `gre` (call on its event loop) with the generator taking its frames.
    static func open(
        on gre: GRESocket, peer: SocketAddress, localCallID: UInt16, window: TunnelWindow, inFlight: Int,
        frameSize: Int, payload: Payload, rate: Int?
    ) throws -> LoadGenerator {
        let generator = LoadGenerator(gre: gre, inFlight: inFlight, frameSize: frameSize, payload: payload, rate: rate)
        let bound = NIOLoopBound(generator, eventLoop: gre.eventLoop)
        generator.key = try gre.openCall(peer: peer, localCallID: localCallID, window: window) { bound.value.receive($0) }
        return generator
    }

    /// The smallest frame: LCP header and the send time.
    static let minimumFrameSize = 16
    /// Where a frame carries its send time (uptime nanoseconds, big-endian), after the LCP header.
    static let sendTimeOffset = 8

    /// An LCP Echo-Request of `frameSize` octets (RFC 1661 §5.8) with a zero send time: the
    /// LCP header, 8 octets for the time, then `payload`. gre_load (`--gre-driver`) takes it
    /// as its frame too.
    static func frameTemplate(frameSize: Int, payload: Payload) -> [UInt8] {
        var frame = ByteBuffer(bytes: [0xFF, 0x03, 0xC0, 0x21, 0x09, 0x01])
        frame.writeInteger(UInt16(frameSize - 4))  // the LCP Length leaves out address and control
        frame.writeInteger(UInt64(0))
        frame.writeBytes(payload.octets(frameSize - minimumFrameSize))
        return Array(frame.readableBytesView)
    }

    /// The template with the send time, so that the frame's echo tells its round trip.
    private func frame(sentAt: NIODeadline) -> ByteBuffer {
        var frame = ByteBuffer(bytes: template)
        frame.setInteger(sentAt.uptimeNanoseconds, at: Self.sendTimeOffset)
        return frame
    }

    /// An echoed frame from the tunnel.
    func receive(_ frame: ByteBuffer) {
        guard let stamp = frame.getInteger(at: frame.readerIndex + Self.sendTimeOffset, as: UInt64.self) else { return }
        let now = NIODeadline.now()
        lastEcho = now
        outstanding = max(0, outstanding - 1)
        if let since = measuringSince, stamp >= since.uptimeNanoseconds {
            received += 1
            roundTrips.append(Int64(now.uptimeNanoseconds &- stamp))
            sendTimes?.append(stamp)
        }
        if rate == nil { fill(now) }
    }

    private func fill(_ now: NIODeadline) {
        while sending, outstanding < inFlight {
            send(now)
        }
    }

    private func send(_ now: NIODeadline) {
        gre.send(frame(sentAt: now), on: key)
        outstanding += 1
        if measuringSince != nil { sent += 1 }
    }

    /// Each measured frame's send time (uptime nanoseconds) and round trip (nanoseconds), one
    /// line each, in the order the echoes came back: for finding when a tail happened.
    private var roundTripLog: String? {
        sendTimes.map { zip($0, roundTrips).map { "\($0) \($1)\n" }.joined() }
    }

    /// Runs for `warmUp` unmeasured, then `duration` measured; completes after a short drain
    /// with the report and, if `keepingRoundTrips`, the round-trip log.
    func run(warmUp: TimeAmount, duration: TimeAmount, keepingRoundTrips: Bool) -> EventLoopFuture<(Report, String?)> {
        let loop = gre.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let promise = loop.makePromise(of: (Report, String?).self)
        if keepingRoundTrips {
            sendTimes = []
            sendTimes?.reserveCapacity(1 << 20)
        }
        let pacing = loop.scheduleRepeatedTask(initialDelay: .zero, delay: .microseconds(200)) { _ in
            bound.value.tick()
        }
        loop.scheduleTask(in: warmUp) { bound.value.measuringSince = .now() }
        loop.scheduleTask(in: warmUp + duration) { bound.value.sending = false }
        loop.scheduleTask(in: warmUp + duration + .milliseconds(300)) {
            pacing.cancel()
            let generator = bound.value
            promise.succeed((generator.report(seconds: Double(duration.nanoseconds) / 1e9), generator.roundTripLog))
        }
        loop.execute { bound.value.fill(.now()) }
        return promise.futureResult
    }

    /// Every 200 µs: the open loop's sends, and the stall guard of both modes. The open loop's
    /// credit grows with the time that really passed, so a late timer does not lower the rate.
    private func tick() {
        let now = NIODeadline.now()
        defer { lastTick = now }
        if outstanding > 0, now - lastEcho > .milliseconds(200) {
            stalls += 1
            outstanding = 0
            lastEcho = now
        }
        guard let rate else { return fill(now) }
        credit += Double(rate) * Double((now - lastTick).nanoseconds) / 1e9
        while sending, credit >= 1, outstanding < inFlight {
            send(now)
            credit -= 1
        }
        credit = min(credit, Double(inFlight))
    }

    private func report(seconds: Double) -> Report {
        let sorted = roundTrips.sorted()
        return Report(
            inFlight: inFlight, frameSize: frameSize, offeredPerSecond: rate, seconds: seconds, framesSent: sent, framesReceived: received,
            packetsPerSecond: Int(Double(received) / seconds), p50Microseconds: BenchFigures.percentile(50, ofSorted: sorted),
            p99Microseconds: BenchFigures.percentile(99, ofSorted: sorted), stalls: stalls, payload: payload)
    }
}
