import Foundation
import HDLC
import InteropSupport
import LineHAL
import ModemEmulator
import NIOCore
import NIOPosix
import SimulatedLines
import Testing

@testable import SerialModem

#if canImport(Glibc)
import Glibc
#endif

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Records a line's events and frames (on the line's loop).
final class Recorder: LineDelegate {
    var events: [LineEvent] = []
    var frames: [[UInt8]] = []
    /// Called after recording each event, as an engine reacting at once would.
    var onEvent: (any Line, LineEvent) -> Void = { _, _ in }

    func line(_ line: any Line, didReport event: LineEvent) {
        events.append(event)
        onEvent(line, event)
    }
    func line(_ line: any Line, didReceive frame: ByteBuffer) { frames.append(Array(frame.readableBytesView)) }

    var clearings: [CallClearing] {
        events.compactMap { if case .cleared(let clearing) = $0 { clearing } else { nil } }
    }
}

/// One HayesModemLine on the real libserialport, opened on `SerialHarness.device`, with a
/// HayesModemEmulator on the pty behind it and a simulated switch behind that.
///
/// Its members belong to its event loop: tests reach them only through `run` and `until`.
final class SerialBench: @unchecked Sendable {
    static let echoNumber = "5551000"
    static let busyNumber = "5551001"
    static let untrainableNumber = "5551002"
    static let callerNumber = "5552000"
    static let unansweredNumber = "5551003"

    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    var loop: any EventLoop { group.next() }
    private(set) var network: SimulatedSwitch!
    private(set) var emulator: HayesModemEmulator!
    private(set) var line: HayesModemLine!
    let recorder = Recorder()
    /// The line's events until the modem was initialised.
    private(set) var startEvents: [LineEvent] = []
    private let controlFile: ModemControlFile

    /// `profileName` is a file of Hardware/hayes; its timing is shortened for tests, then
    /// `adjust` may change it further.
    init(
        profile profileName: String = "usr-courier", adjust: (inout HayesProfile) -> Void = { _ in },
        configure: @escaping @Sendable (SerialBench) -> Void = { _ in }
    ) async throws {
        guard let path = SerialHarness.controlFilePath else { throw HarnessError("PAC_MODEM_CONTROL_FILE is not set") }
        controlFile = try ModemControlFile(path: path)
        var profile = try HayesProfileLoader.load(file: "\(hayesProfileFolder)/\(profileName).yaml")
        profile.timing = HayesProfile.Timing(
            command: .milliseconds(500), reset: .milliseconds(500), dial: .seconds(3), answer: .seconds(3),
            dtrDrop: .milliseconds(50), escapeGuard: .milliseconds(100), signalPoll: .milliseconds(20),
            ringSilence: .seconds(1), retryFirst: .milliseconds(100), retryMaximum: .milliseconds(400))
        adjust(&profile)
        let fast = ModemProfile(
            modulation: .v90, minimumSpeed: 2400, maximumDownstreamSpeed: 56000, maximumUpstreamSpeed: 33600,
            trainUpMilliseconds: 30)
        let slowFloor = ModemProfile(
            modulation: .v34, minimumSpeed: 33600, maximumDownstreamSpeed: 28800, maximumUpstreamSpeed: 28800,
            trainUpMilliseconds: 30)
        let device = try await loop.flatSubmit { [self] in
            network = SimulatedSwitch(
                eventLoop: loop, seed: 1,
                timing: SwitchTiming(
                    dialing: .milliseconds(20), ringCycle: .milliseconds(300), noAnswerTimeout: .seconds(5),
                    tick: .milliseconds(5)))
            network.addSubscriber(Self.echoNumber, Subscriber(behaviour: .answer(afterRings: 0), equipment: .modem(fast)))
            network.addSubscriber(Self.busyNumber, Subscriber(behaviour: .busy, equipment: .modem(fast)))
            network.addSubscriber(
                Self.untrainableNumber, Subscriber(behaviour: .answer(afterRings: 0), equipment: .modem(slowFloor)))
            network.addSubscriber(Self.callerNumber, Subscriber(behaviour: .answer(afterRings: 0), equipment: .modem(fast)))
            network.addSubscriber(Self.unansweredNumber, Subscriber(behaviour: .noAnswer, equipment: .modem(fast)))
            return HayesModemEmulator.start(on: network, modem: fast, controlFile: controlFile).map { emulator in
                self.emulator = emulator
                emulator.escapeGuard = .milliseconds(50)
                return emulator.devicePath
            }
        }.get()
        try SerialHarness.bind(device)
        let shortened = profile
        try await run { bench in
            bench.line = HayesModemLine(
                id: LineID(1), channel: 1, portName: SerialHarness.device, profile: shortened, eventLoop: bench.loop)
            bench.line.delegate = bench.recorder
            configure(bench)
            bench.line.start()
        }
        try await until("the modem is initialised") { $0.line.callState == .idle }
        // Tests see what follows the start; what the start reported is kept apart.
        try await run { bench in
            bench.startEvents = bench.recorder.events
            bench.recorder.events.removeAll()
        }
    }

    /// Runs `body` with a bench, and always tears the bench down, so a failed test leaves no
    /// line re-opening the device under the next one.
    static func with(
        profile: String = "usr-courier", adjust: (inout HayesProfile) -> Void = { _ in },
        configure: @escaping @Sendable (SerialBench) -> Void = { _ in }, _ body: (SerialBench) async throws -> Void
    ) async throws {
        let bench = try await SerialBench(profile: profile, adjust: adjust, configure: configure)
        do {
            try await body(bench)
        } catch {
            try await bench.close()
            throw error
        }
        try await bench.close()
    }

    /// Runs `body` on the loop.
    @discardableResult
    func run<T: Sendable>(_ body: @escaping @Sendable (SerialBench) throws -> T) async throws -> T {
        try await loop.submit { try body(self) }.get()
    }

    /// Waits until `condition` holds on the loop, or fails after `timeout`.
    func until(
        _ what: String, timeout: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: @escaping @Sendable (SerialBench) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await run(condition) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        let state = try await run { "line \($0.line.callState), events \($0.recorder.events)" }
        Issue.record("timed out waiting until \(what): \(state)", sourceLocation: sourceLocation)
        throw HarnessError("timed out waiting until \(what)")
    }

    /// Plugs a new pty in for the emulator and binds it over the device again.
    func replug() async throws {
        let device = try await loop.flatSubmit { self.emulator.plugIn() }.get()
        try SerialHarness.bind(device)
    }

    func dialEcho() async throws {
        try await run { try $0.line.dial(DialRequest(number: Self.echoNumber, bearer: .analog)) }
        try await until("the call is connected") {
            if case .connected = $0.line.callState { true } else { false }
        }
    }

    func close() async throws {
        try await run { bench in
            bench.line.stop()
            bench.emulator.unplug()
        }
        try await group.shutdownGracefully()
    }
}
