import Foundation
import LineHAL
import NIOCore
import NIOEmbedded
import SimulatedLines

/// The shipped hardware profiles, read from Hardware/ as the daemon would.
enum Profiles {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Hardware").path

    static func modem(_ name: String) -> ModemProfile {
        guard case .analogModem(let modem) = try! ProfileLoader.load(file: "\(folder)/\(name).yaml").kind else {
            fatalError("\(name) is not a modem profile")
        }
        return modem
    }

    static func span(_ name: String) -> ISDNSpanProfile {
        guard case .isdnSpan(let span) = try! ProfileLoader.load(file: "\(folder)/\(name).yaml").kind else {
            fatalError("\(name) is not a span profile")
        }
        return span
    }

    static let v34 = modem("v34-modem")
    static let v90 = modem("v90-modem")
    static let bri = span("isdn-bri-ta")
}

/// The default test number plan (docs/lines.md): 555-01xx are modems, 555-02xx ISDN
/// terminals; the last two digits say how the number behaves.
enum Numbers {
    static let v90Echo = "5550100"
    static let v34Echo = "5550101"
    static let v34PPP = "5550102"
    static let modemBusy = "5550110"
    static let modemNoAnswer = "5550111"
    static let modemRejects = "5550112"
    static let modemCongested = "5550113"
    static let isdnEcho = "5550200"
    static let isdnPPP = "5550201"
    static let isdnBusy = "5550210"
    static let unassigned = "5559999"
}

/// Records what a line reports, stamped with the virtual time.
final class Recorder: LineDelegate {
    let loop: EmbeddedEventLoop
    var events: [(seconds: Double, event: LineEvent)] = []
    var frames: [[UInt8]] = []

    init(loop: EmbeddedEventLoop) { self.loop = loop }

    func line(_ line: any Line, didReport event: LineEvent) {
        events.append((Double(loop.now.uptimeNanoseconds) / 1e9, event))
    }

    func line(_ line: any Line, didReceive frame: ByteBuffer) {
        frames.append(Array(frame.readableBytesView))
    }

    var eventList: [LineEvent] { events.map(\.event) }
}

/// A switch on virtual time with the default test number plan, and one line of each kind.
final class TestNetwork {
    let loop = EmbeddedEventLoop()
    let network: SimulatedSwitch

    init(seed: UInt64 = 1) {
        network = SimulatedSwitch(eventLoop: loop, seed: seed)
        let plan: [(String, Subscriber)] = [
            (Numbers.v90Echo, Subscriber(behaviour: .answer(afterRings: 1), equipment: .modem(Profiles.v90))),
            (Numbers.v34Echo, Subscriber(behaviour: .answer(afterRings: 1), equipment: .modem(Profiles.v34))),
            (Numbers.v34PPP, Subscriber(behaviour: .answer(afterRings: 1), equipment: .modem(Profiles.v34), farEnd: .pppPeer(magicNumber: 0x1234_5678))),
            (Numbers.modemBusy, Subscriber(behaviour: .busy, equipment: .modem(Profiles.v34))),
            (Numbers.modemNoAnswer, Subscriber(behaviour: .noAnswer, equipment: .modem(Profiles.v34))),
            (Numbers.modemRejects, Subscriber(behaviour: .reject(.callRejected), equipment: .modem(Profiles.v34))),
            (Numbers.modemCongested, Subscriber(behaviour: .congestion, equipment: .modem(Profiles.v34))),
            (Numbers.isdnEcho, Subscriber(behaviour: .answer(afterRings: 0), equipment: .isdn)),
            (Numbers.isdnPPP, Subscriber(behaviour: .answer(afterRings: 0), equipment: .isdn, farEnd: .pppPeer(magicNumber: 0xCAFE_F00D))),
            (Numbers.isdnBusy, Subscriber(behaviour: .busy, equipment: .isdn)),
        ]
        for (number, subscriber) in plan { network.addSubscriber(number, subscriber) }
    }

    func modemLine(_ modem: ModemProfile = Profiles.v90, id: Int = 1) -> (SimulatedLine, Recorder) {
        let line = network.makeModemLine(id: LineID(id), modem: modem)
        let recorder = Recorder(loop: loop)
        line.delegate = recorder
        return (line, recorder)
    }

    func bChannel(id: Int = 100) -> (SimulatedLine, Recorder) {
        let line = network.makeSpan(Profiles.bri, firstLineID: LineID(id))[0]
        let recorder = Recorder(loop: loop)
        line.delegate = recorder
        return (line, recorder)
    }

    func advance(seconds: Double) {
        loop.advanceTime(by: .nanoseconds(Int64(seconds * 1e9)))
    }

    /// Dials and runs until the call is up; fails the test's expectations if it is not.
    func connect(_ line: SimulatedLine, to number: String, bearer: Bearer = .analog) throws {
        try line.dial(DialRequest(number: number, bearer: bearer))
        advance(seconds: 30)
    }
}

extension ByteBuffer {
    init(_ bytes: [UInt8]) {
        self = ByteBufferAllocator().buffer(bytes: bytes)
    }
}

/// A PPP frame of `length` octets that needs no escaping: Address, Control, IP, then `fill`.
func pppFrame(length: Int, fill: UInt8 = 0x41, tag: UInt8 = 0) -> [UInt8] {
    [0xFF, 0x03, 0x00, 0x21, tag] + [UInt8](repeating: fill, count: max(0, length - 5))
}
