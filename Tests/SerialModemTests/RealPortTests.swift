import HDLC
import LineHAL
import NIOCore
import InteropSupport
import Testing

@testable import SerialModem

/// HayesModemLine driving the emulated modem through the real libserialport (sp_open,
/// sp_set_dtr, sp_get_signals, TIOCGICOUNT) on a pty bind-mounted over a real tty name.
/// Run by scripts/test-serial, which sets up the namespace and the shim.
@Suite("Hayes modem line on the real libserialport", .serialized, .enabled(if: SerialHarness.isActive))
struct RealPortTests {
    @Test("the profile's initialisation reaches the modem; dial connects with the CONNECT speed")
    func dial() async throws {
        try await SerialBench.with { bench in
            try await bench.dialEcho()
            let (log, state, connect) = try await bench.run {
                ($0.emulator.commandLog, $0.line.callState, $0.line.lastConnect)
            }
            #expect(log.prefix(3) == ["ATZ", "AT&F1E0Q0X7&B1&H1&R2&M4&K1", "ATM1L1"])
            #expect(log.contains("AT#CID=1"))
            #expect(log.contains("ATS0=0"))
            #expect(log.last == "ATDT\(SerialBench.echoNumber)")
            #expect(state == .connected(transmitSpeed: 56000, receiveSpeed: 56000))
            #expect(connect?.modulation == "V90")
            #expect(connect?.errorControl == "LAPM")
        }
    }

    @Test("frames cross the emulated modem to the echo far end and back byte-exact, under any ACCM")
    func framesByteExact() async throws {
        try await SerialBench.with { bench in
            try await bench.dialEcho()
            let frames: [[UInt8]] = [
                [0xFF, 0x03, 0xC0, 0x21, 0x01, 0x01, 0x00, 0x04],
                Array(0...255),
                [0x7E, 0x7D, 0x7E, 0x7D, 0x11, 0x13, 0x00, 0x0D, 0x0A, 0x2B, 0x2B, 0x2B],
            ]
            try await bench.run { bench in
                for frame in frames { bench.line.send(frame: ByteBuffer(bytes: frame)) }
            }
            try await bench.until("three frames came back") { $0.recorder.frames.count == 3 }
            // Set-Link-Info mid-call: no characters escaped either way.
            try await bench.run { bench in
                bench.line.setACCM(ACCM(send: 0, receive: 0))
                for frame in frames { bench.line.send(frame: ByteBuffer(bytes: frame)) }
            }
            try await bench.until("six frames came back") { $0.recorder.frames.count == 6 }
            let (received, statistics, accm) = try await bench.run { ($0.recorder.frames, $0.line.statistics, $0.line.accm) }
            #expect(received == frames + frames)
            #expect(accm == ACCM(send: 0, receive: 0))
            #expect(statistics.framesSent == 6)
            #expect(statistics.framesReceived == 6)
            #expect(statistics.crcErrors == 0)
            #expect(!statistics.hasErrors)
        }
    }

    @Test("an incoming call rings with its caller ID and is answered")
    func answerWithCallerID() async throws {
        try await SerialBench.with { bench in
            try await bench.run { try $0.emulator.ring(from: SerialBench.callerNumber) }
            try await bench.until("the call rings") {
                if case .ringing = $0.line.callState { true } else { false }
            }
            let incoming = try await bench.run { $0.recorder.events.last }
            #expect(incoming == .incomingCall(IncomingCall(callerNumber: SerialBench.callerNumber, dialedNumber: "", bearer: .analog)))
            try await bench.run { try $0.line.answer() }
            try await bench.until("the call is connected") {
                if case .connected = $0.line.callState { true } else { false }
            }
            #expect(try await bench.run { $0.emulator.commandLog.last } == "ATA")
        }
    }

    @Test("a busy number clears with busy, user busy")
    func busy() async throws {
        try await SerialBench.with { bench in
            try await bench.run { try $0.line.dial(DialRequest(number: SerialBench.busyNumber, bearer: .analog)) }
            try await bench.until("the call is cleared") { !$0.recorder.clearings.isEmpty }
            #expect(try await bench.run { $0.recorder.clearings } == [CallClearing(cause: .userBusy, reason: .busy)])
            #expect(try await bench.run { $0.line.callState } == .idle)
        }
    }

    @Test("modems that cannot train up: NO CARRIER clears with no carrier")
    func noCarrier() async throws {
        try await SerialBench.with { bench in
            try await bench.run { try $0.line.dial(DialRequest(number: SerialBench.untrainableNumber, bearer: .analog)) }
            try await bench.until("the call is cleared") { !$0.recorder.clearings.isEmpty }
            #expect(
                try await bench.run { $0.recorder.clearings }
                    == [CallClearing(cause: .bearerCapabilityNotAvailable, reason: .noCarrier)])
        }
    }

    @Test(
        "the modem's other failure results clear the call with their reason and cause",
        arguments: ["NO DIALTONE", "NO ANSWER", "ERROR", "DELAYED", "BLACKLISTED"])
    func failureResults(result: String) async throws {
        try await SerialBench.with { bench in
            try await bench.run { bench in
                bench.emulator.scriptedDialResult = result
                try bench.line.dial(DialRequest(number: SerialBench.echoNumber, bearer: .analog))
            }
            try await bench.until("the call is cleared") { !$0.recorder.clearings.isEmpty }
            let expected = ModemResponse(verbose: result)
            guard case .final(let final) = expected, let clearing = final.clearing else {
                Issue.record("\(result) is not a failure result")
                return
            }
            #expect(try await bench.run { $0.recorder.clearings } == [clearing])
            #expect(try await bench.run { $0.line.callState } == .idle)
        }
    }

    @Test("carrier lost mid-call: DCD drops, the call clears with carrier lost and one time-out")
    func carrierLoss() async throws {
        try await SerialBench.with { bench in
            try await bench.dialEcho()
            try await bench.run { $0.emulator.dropCarrier() }
            try await bench.until("the call is cleared") { !$0.recorder.clearings.isEmpty }
            #expect(try await bench.run { $0.recorder.clearings } == [CallClearing(cause: .temporaryFailure, reason: .carrierLost)])
            #expect(try await bench.run { $0.line.statistics.timeouts } == 1)
            // Back in command mode: the line can dial again.
            try await bench.until("the line is idle") { $0.line.callState == .idle }
            try await bench.dialEcho()
        }
    }

    @Test("hang-up drops DTR: the modem hangs up without +++, and the line dials again")
    func dtrHangUp() async throws {
        try await SerialBench.with { bench in
            try await bench.dialEcho()
            try await bench.run { $0.line.hangUp(cause: .normalClearing) }
            #expect(try await bench.run { $0.recorder.clearings } == [CallClearing(cause: .normalClearing, reason: .localHangUp)])
            try await bench.until("the far side's call is over") { $0.emulator.line.callState == .idle }
            try await bench.until("the hang-up finished") { $0.emulator.commandLog.last == "ATH0" }
            let log = try await bench.run { $0.emulator.commandLog }
            #expect(!log.contains("+++"), "\(log)")
            try await bench.dialEcho()
        }
    }

    @Test("a modem that ignores DTR is hung up with +++ and ATH0")
    func escapeFallback() async throws {
        try await SerialBench.with { bench in
            try await bench.run { $0.emulator.honoursDTR = false }
            try await bench.dialEcho()
            try await bench.run { $0.line.hangUp(cause: .normalClearing) }
            try await bench.until("ATH0 reached the modem") { $0.emulator.commandLog.suffix(2) == ["+++", "ATH0"] }
            try await bench.until("the far side's call is over") { $0.emulator.line.callState == .idle }
            try await bench.until("the line is idle") { $0.line.callState == .idle }
        }
    }

    @Test("shutdown with a call up: the call clears, DTR drops and the modem hangs up, the port closes")
    func shutDownByDTR() async throws {
        try await SerialBench.with { bench in
            try await bench.dialEcho()
            try await bench.run { $0.line.shutDown() }.get()
            #expect(try await bench.run { $0.recorder.clearings } == [CallClearing(cause: .normalClearing, reason: .localHangUp)])
            try await bench.until("the far side's call is over") { $0.emulator.line.callState == .idle }
            let (state, log, dtr) = try await bench.run { ($0.line.callState, $0.emulator.commandLog, $0.emulator.dataTerminalReady) }
            #expect(state == .failed)
            #expect(!dtr, "DTR stays low: the port is closed")
            #expect(log.last == "ATDT\(SerialBench.echoNumber)", "no command after the dial: \(log)")
        }
    }

    @Test("shutdown of a modem that is not hung up by DTR: +++ and the profile's reset command")
    func shutDownByReset() async throws {
        try await SerialBench.with(adjust: { $0.hangUpByDTR = false }) { bench in
            try await bench.dialEcho()
            try await bench.run { $0.line.shutDown() }.get()
            let log = try await bench.run { $0.emulator.commandLog }
            let afterDial = log.drop { $0 != "ATDT\(SerialBench.echoNumber)" }
            #expect(afterDial.contains("+++") && afterDial.last == "ATZ", "\(log)")
            #expect(try await bench.run { $0.line.callState } == .failed)
        }
    }

    @Test("a modem that stops answering: time-out, out of service; back when it answers again")
    func unresponsiveModem() async throws {
        try await SerialBench.with { bench in
            try await bench.run { bench in
                bench.emulator.responding = false
                try bench.line.dial(DialRequest(number: SerialBench.echoNumber, bearer: .analog))
            }
            try await bench.until("the line is out of service", timeout: .seconds(6)) { $0.line.callState == .failed }
            let events = try await bench.run { $0.recorder.events }
            #expect(events.first == .cleared(CallClearing(cause: .temporaryFailure, reason: .hardwareFailure)))
            let reasons = events.compactMap { if case .hardwareFailure(let why) = $0 { why } else { nil } }
            #expect(reasons.first?.contains("ATDT\(SerialBench.echoNumber)") == true, "\(events)")
            let refusal = try await bench.run { bench -> LineError? in
                do throws(LineError) {
                    try bench.line.dial(DialRequest(number: SerialBench.echoNumber, bearer: .analog))
                    return nil
                } catch {
                    return error
                }
            }
            #expect(refusal == .hardwareFailed(LineID(1)))
            // Re-open attempts against the hung modem fail too, without another event each.
            try await Task.sleep(for: .seconds(1))
            try await bench.run { $0.emulator.responding = true }
            try await bench.until("the line is back in service") { $0.line.callState == .idle }
            let failures = try await bench.run { bench in
                bench.recorder.events.filter { if case .hardwareFailure = $0 { true } else { false } }.count
            }
            #expect(failures == 1)
            #expect(try await bench.run { $0.recorder.events.last } == .restored)
            try await bench.dialEcho()
        }
    }

    @Test("the port is unplugged mid-call: carrier lost, out of service; plugged back, in service")
    func unplugAndReplug() async throws {
        try await SerialBench.with { bench in
            try await bench.dialEcho()
            try await bench.run { $0.emulator.unplug() }
            try await bench.until("the line is out of service") { $0.line.callState == .failed }
            let events = try await bench.run { $0.recorder.events }
            #expect(events.suffix(2).first == .cleared(CallClearing(cause: .temporaryFailure, reason: .carrierLost)))
            guard case .hardwareFailure = events.last else {
                Issue.record("expected a hardware failure, got \(events)")
                return
            }
            // Re-open attempts fail while the device is gone, and keep going.
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await bench.run { $0.line.callState } == .failed)
            try await bench.replug()
            try await bench.until("the line is back in service") { $0.line.callState == .idle }
            #expect(try await bench.run { $0.recorder.events.last } == .restored)
            try await bench.dialEcho()
        }
    }

    @Test("garbage and an over-long line from the modem are dropped; the next call works")
    func garbageFromModem() async throws {
        try await SerialBench.with { bench in
            let noise: [UInt8] = [0x00, 0xFF, 0xFE, 0x1B, 0x80] + Array(repeating: UInt8(ascii: "X"), count: 5000) + [0x0D, 0x0A]
            try await bench.run { $0.emulator.inject(noise + Array("\r\nOK\r\nGARBAGE LINE\r\n".utf8)) }
            try await bench.until("the noise was read") { $0.line.overlongLines == 1 }
            #expect(try await bench.run { $0.line.unprintableCharacters } >= 5)
            try await bench.dialEcho()
        }
    }

    @Test("the UART's error counters show in the call's statistics (TIOCGICOUNT)")
    func uartCounters() async throws {
        try await SerialBench.with { bench in
            try await bench.run { $0.emulator.setErrorCounters(frame: 10, overrun: 5, parity: 1, breaks: 0) }
            try await bench.dialEcho()
            try await bench.run { $0.emulator.setErrorCounters(frame: 13, overrun: 7, parity: 2, breaks: 1) }
            let statistics = try await bench.run { $0.line.statistics }
            #expect(statistics.hardwareOverruns == 2)
            #expect(statistics.framingErrors == 3 + 1 + 1)
        }
    }

    @Test("the Rockwell profile: numeric result codes, CARRIER line speed, AT+VCID caller ID")
    func rockwellDialect() async throws {
        try await SerialBench.with(profile: "rockwell-conexant", configure: { $0.emulator.connectStyle = .rockwell }) { bench in
            try await bench.run { try $0.emulator.ring(from: SerialBench.callerNumber) }
            try await bench.until("the call rings") {
                if case .ringing = $0.line.callState { true } else { false }
            }
            try await bench.run { try $0.line.answer() }
            try await bench.until("the call is connected") {
                if case .connected = $0.line.callState { true } else { false }
            }
            let (log, connect, state) = try await bench.run { ($0.emulator.commandLog, $0.line.lastConnect, $0.line.callState) }
            #expect(log.contains("AT+VCID=1"))
            #expect(log.contains("ATV0"))
            #expect(connect?.speed == 115_200)
            #expect(connect?.carrierSpeed == 56000)
            #expect(state == .connected(transmitSpeed: 56000, receiveSpeed: 56000))
        }
    }

    @Test("the first start reports restored once the modem is initialised")
    func restoredAtStart() async throws {
        try await SerialBench.with { bench in
            let events = try await bench.run { $0.startEvents }
            #expect(events == [.restored])
        }
    }

    @Test("libserialport's enumeration lists the device the modem's pty is bound over (sysfs)")
    func enumerationSeesThePort() async throws {
        try await SerialBench.with { _ in
            let ports = try SerialPortInfo.all()
            #expect(ports.contains { $0.name == SerialHarness.device }, "\(ports.map(\.name))")
        }
    }

    @Test("port details and errors come from libserialport, naming the port")
    func portInfoAndErrors() throws {
        let info = try SerialPortInfo.named(SerialHarness.device)
        #expect(info.name == SerialHarness.device)
        #expect(info.transport == .native)
        do {
            _ = try SerialPort(opening: "/dev/pac-no-such-port", settings: SerialPortSettings(baudRate: 115_200, flowControl: .rtsCts))
            Issue.record("opening a port that does not exist succeeded")
        } catch {
            #expect(error.port == "/dev/pac-no-such-port")
            #expect(error.operation == "sp_get_port_by_name")
            #expect(error.description.hasPrefix("serial port /dev/pac-no-such-port: sp_get_port_by_name failed: "))
        }
    }

    @Test("hang-up while dialing aborts the dial; a dial during a hang-up waits for it")
    func hangUpWhileDialingAndRedial() async throws {
        try await SerialBench.with { bench in
            try await bench.run { try $0.line.dial(DialRequest(number: SerialBench.unansweredNumber, bearer: .analog)) }
            try await bench.until("the far side rings") { $0.emulator.line.callState != .idle }
            try await bench.run { bench in
                bench.line.hangUp(cause: .normalClearing)
                try bench.line.dial(DialRequest(number: SerialBench.echoNumber, bearer: .analog))
                #expect(bench.line.callState == .dialing(DialRequest(number: SerialBench.echoNumber, bearer: .analog)))
            }
            try await bench.until("the redial is connected") {
                if case .connected = $0.line.callState { true } else { false }
            }
            let (log, clearings) = try await bench.run { ($0.emulator.commandLog, $0.recorder.clearings) }
            #expect(log.suffix(3) == ["ATDT\(SerialBench.unansweredNumber)", "ATH0", "ATDT\(SerialBench.echoNumber)"])
            #expect(clearings == [CallClearing(cause: .normalClearing, reason: .localHangUp)])
        }
    }

    @Test("a connection slower than the request asked for is hung up and cleared no carrier")
    func speedOutsideRequest() async throws {
        try await SerialBench.with { bench in
            try await bench.run {
                try $0.line.dial(
                    DialRequest(
                        number: SerialBench.echoNumber, bearer: .analog,
                        speeds: SpeedRange(minimum: 60000, maximum: 64000)))
            }
            try await bench.until("the call is cleared") { !$0.recorder.clearings.isEmpty }
            let events = try await bench.run { $0.recorder.events }
            #expect(events == [.cleared(CallClearing(cause: .bearerCapabilityNotAvailable, reason: .noCarrier))])
            try await bench.until("the modem is on hook") { $0.emulator.line.callState == .idle }
            try await bench.until("the line is idle") { $0.line.callState == .idle }
        }
    }

    @Test("a caller who gives up before the answer: the rings stop, the call clears as a remote hang-up")
    func callerGivesUp() async throws {
        try await SerialBench.with { bench in
            try await bench.run { try $0.emulator.ring(from: SerialBench.callerNumber) }
            try await bench.until("the call rings") {
                if case .ringing = $0.line.callState { true } else { false }
            }
            try await bench.run { $0.emulator.dropCarrier() }
            try await bench.until("the call is cleared") { !$0.recorder.clearings.isEmpty }
            #expect(
                try await bench.run { $0.recorder.clearings } == [CallClearing(cause: .normalClearing, reason: .remoteHangUp)])
            #expect(try await bench.run { $0.line.callState } == .idle)
        }
    }

    @Test("a rejected call rings out unanswered: one clearing, no answer sent")
    func rejectLetsItRing() async throws {
        try await SerialBench.with { bench in
            try await bench.run { try $0.emulator.ring(from: SerialBench.callerNumber) }
            try await bench.until("the call rings") {
                if case .ringing = $0.line.callState { true } else { false }
            }
            try await bench.run { try $0.line.reject(cause: .callRejected) }
            #expect(try await bench.run { $0.line.callState } == .idle)
            // Further RINGs of the same call are ignored: no second incoming call.
            try await Task.sleep(for: .milliseconds(700))
            let (events, log) = try await bench.run { ($0.recorder.events, $0.emulator.commandLog) }
            #expect(events.filter { if case .incomingCall = $0 { true } else { false } }.count == 1)
            #expect(events.last == .cleared(CallClearing(cause: .callRejected, reason: .localHangUp)))
            #expect(!log.contains("ATA"))
        }
    }

    @Test("a dial from inside the cleared event after carrier loss waits for the modem and connects")
    func redialFromClearedEvent() async throws {
        try await SerialBench.with { bench in
            try await bench.dialEcho()
            try await bench.run { bench in
                bench.recorder.onEvent = { line, event in
                    guard case .cleared = event else { return }
                    try? line.dial(DialRequest(number: SerialBench.echoNumber, bearer: .analog))
                }
                bench.emulator.dropCarrier()
            }
            try await bench.until("the redial is connected") { bench in
                bench.recorder.clearings.count == 1 && bench.recorder.events.last.map {
                    if case .connected = $0 { true } else { false }
                } == true
            }
            let log = try await bench.run { $0.emulator.commandLog }
            #expect(log.suffix(2) == ["ATH0", "ATDT\(SerialBench.echoNumber)"])
        }
    }
}

