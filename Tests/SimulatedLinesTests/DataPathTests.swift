import HDLC
import LineHAL
import NIOCore
import NIOEmbedded
import SimulatedLines
import Testing

@Suite("Frames on simulated lines")
struct DataPathTests {
    @Test("frames sent to an echo far end come back intact, async and sync", arguments: [false, true])
    func echo(isdn: Bool) throws {
        let net = TestNetwork()
        let (line, recorder) = isdn ? net.bChannel() : net.modemLine()
        try net.connect(line, to: isdn ? Numbers.isdnEcho : Numbers.v34Echo, bearer: isdn ? .digital : .analog)
        // Every octet value, so escaping (async) and bit stuffing (sync) are exercised.
        let frames = (0..<4).map { tag in [0xFF, 0x03, 0x00, 0x21, UInt8(tag)] + (0...255).map { UInt8($0) } }
        for frame in frames { line.send(frame: ByteBuffer(frame)) }
        net.advance(seconds: 2)
        #expect(recorder.frames == frames)
        let statistics = line.statistics
        #expect(statistics.framesSent == 4)
        #expect(statistics.framesReceived == 4)
        #expect(statistics.octetsSent == UInt64(frames.joined().count))
        #expect(statistics.octetsReceived == statistics.octetsSent)
        #expect(!statistics.hasErrors)
    }

    /// Answers each frame it receives by sending the next one on the same line, up to a count.
    private final class Replier: LineDelegate {
        var frames: [UInt8] = []
        let last: UInt8
        init(last: UInt8) { self.last = last }
        func line(_ line: any Line, didReport event: LineEvent) {}
        func line(_ line: any Line, didReceive frame: ByteBuffer) {
            let tag = frame.getInteger(at: frame.readerIndex + 4, as: UInt8.self)!
            frames.append(tag)
            if tag < last { line.send(frame: ByteBuffer(pppFrame(length: 20, tag: tag + 1))) }
        }
    }

    @Test("on an unpaced line a frame sent while one is delivered comes back after it, in order, none lost", arguments: [false, true])
    func reentrantDelivery(isdn: Bool) throws {
        let loop = EmbeddedEventLoop()
        let network = SimulatedSwitch(eventLoop: loop, seed: 1, timing: SwitchTiming(tick: .zero))
        let number = isdn ? Numbers.isdnEcho : Numbers.v34Echo
        network.addSubscriber(number, Subscriber(behaviour: .answer(afterRings: 0), equipment: isdn ? .isdn : .modem(Profiles.v34)))
        let line = isdn ? network.makeSpan(Profiles.bri, firstLineID: LineID(100))[0] : network.makeModemLine(id: LineID(1), modem: Profiles.v34)
        let replier = Replier(last: 5)
        line.delegate = replier
        try line.dial(DialRequest(number: number, bearer: isdn ? .digital : .analog))
        loop.advanceTime(by: .seconds(30))
        // Each reply is sent from inside the delivery of the frame before it.
        line.send(frame: ByteBuffer(pppFrame(length: 20, tag: 0)))
        #expect(replier.frames == [0, 1, 2, 3, 4, 5])
        #expect(line.statistics.framesReceived == 6)
        #expect(line.statistics.framesSent == 6)
    }

    @Test("characters are paced at the line rate: 10 bits each async, ±1 % over 10 s")
    func pacingAsync() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine(Profiles.v34)
        try net.connect(line, to: Numbers.v34Echo)
        let frame = pppFrame(length: 96)
        var encoded: [UInt8] = []
        AsyncHDLCEncoder().encode(frame, into: &encoded)
        // 33600 bit/s, 10 bits a character: 3360 characters/s each way, so 33600 in 10 s.
        let expectedFrames = 33600.0 / Double(encoded.count)
        for _ in 0..<Int(expectedFrames * 2) { line.send(frame: ByteBuffer(frame)) }
        net.advance(seconds: 10)
        let received = Double(recorder.frames.count)
        #expect(abs(received - expectedFrames) / expectedFrames < 0.01, "received \(received) frames, expected \(expectedFrames)")
    }

    @Test("a B-channel carries 8000 octets a second, ±1 % over 10 s")
    func pacingSync() throws {
        let net = TestNetwork()
        let (line, recorder) = net.bChannel()
        try net.connect(line, to: Numbers.isdnEcho, bearer: .digital)
        let frame = pppFrame(length: 200)
        var bits = SyncBitStream()
        SyncHDLCEncoder().encode(frame, into: &bits)
        let octetsPerFrame = Double(bits.bitCount + 8) / 8  // plus the flag each frame gets after it
        let expectedFrames = 80000.0 / octetsPerFrame
        for _ in 0..<Int(expectedFrames * 2) { line.send(frame: ByteBuffer(frame)) }
        net.advance(seconds: 10)
        let received = Double(recorder.frames.count)
        #expect(abs(received - expectedFrames) / expectedFrames < 0.01, "received \(received) frames, expected \(expectedFrames)")
    }

    @Test("latency delays each direction by the set amount")
    func latency() throws {
        let net = TestNetwork()
        let (line, recorder) = net.bChannel()
        try net.connect(line, to: Numbers.isdnEcho, bearer: .digital)
        line.impairments.latency = .milliseconds(150)
        line.send(frame: ByteBuffer(pppFrame(length: 10)))
        net.advance(seconds: 0.29)
        #expect(recorder.frames.isEmpty)
        net.advance(seconds: 0.05)
        #expect(recorder.frames.count == 1)
    }

    @Test("the ACCM applies to the framer mid-call and shows; each call starts with the default")
    func accm() throws {
        let net = TestNetwork()
        let (line, recorder) = net.modemLine()
        try net.connect(line, to: Numbers.v34Echo)
        #expect(line.accm == .default)
        let frame = pppFrame(length: 20, fill: 0x11)
        // Sending XON unescaped while still dropping unescaped control characters on receive:
        // the echoed frame loses its 0x11s and fails its FCS.
        line.setACCM(ACCM(send: 0, receive: 0xFFFF_FFFF))
        #expect(line.accm == ACCM(send: 0, receive: 0xFFFF_FFFF))
        line.send(frame: ByteBuffer(frame))
        net.advance(seconds: 1)
        #expect(recorder.frames.isEmpty)
        #expect(line.statistics.crcErrors == 1)
        line.setACCM(ACCM(send: 0, receive: 0))
        line.send(frame: ByteBuffer(frame))
        net.advance(seconds: 1)
        #expect(recorder.frames == [frame])
        line.hangUp(cause: .normalClearing)
        try net.connect(line, to: Numbers.v34Echo)
        #expect(line.accm == .default)
        #expect(line.statistics == LineStatistics())
    }

    @Test("a frame longer than the receive buffer counts a buffer overrun")
    func bufferOverrun() throws {
        let net = TestNetwork()
        let (line, recorder) = net.bChannel()
        try net.connect(line, to: Numbers.isdnEcho, bearer: .digital)
        line.send(frame: ByteBuffer(pppFrame(length: 2000)))
        line.send(frame: ByteBuffer(pppFrame(length: 100)))
        net.advance(seconds: 1)
        #expect(line.statistics.bufferOverruns == 1)
        #expect(recorder.frames == [pppFrame(length: 100)])
    }

    @Test("frames to a closed line are dropped, not queued")
    func sendWhenIdle() {
        let net = TestNetwork()
        let (line, _) = net.modemLine()
        line.send(frame: ByteBuffer(pppFrame(length: 10)))
        #expect(line.statistics.framesSent == 0)
    }
}
