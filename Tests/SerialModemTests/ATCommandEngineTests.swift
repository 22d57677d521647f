import NIOCore
import Testing

@testable import SerialModem

private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite("AT command engine (no I/O)")
struct ATCommandEngineTests {
    @Test("a command is written with CR and completes on OK, its echo skipped")
    func commandWithEcho() {
        var engine = ATCommandEngine(dialect: .verbose)
        let sent = engine.submit(ATCommand("ATZ", timeout: .seconds(2)), now: start)
        #expect(sent == [.write(bytes("ATZ\r"))])
        #expect(engine.nextDeadline == start + .seconds(2))
        let actions = engine.receive(bytes("ATZ\r\r\nOK\r\n"), now: start)
        #expect(actions.count == 1)
        guard case .completed(let completion, let data) = actions.first else {
            Issue.record("expected a completion, got \(actions)")
            return
        }
        #expect(completion.result == .ok)
        #expect(completion.information.isEmpty)
        #expect(data.isEmpty)
        #expect(engine.nextDeadline == nil)
    }

    @Test("commands wait their turn: the second is written when the first completes")
    func queue() {
        var engine = ATCommandEngine(dialect: .verbose)
        _ = engine.submit(ATCommand("ATE0", timeout: .seconds(1)), now: start)
        #expect(engine.submit(ATCommand("ATI3", timeout: .seconds(1)), now: start).isEmpty)
        let actions = engine.receive(bytes("\r\nOK\r\n"), now: start + .milliseconds(10))
        #expect(actions.last == .write(bytes("ATI3\r")))
        #expect(engine.nextDeadline == start + .milliseconds(10) + .seconds(1))
        let information = engine.receive(bytes("\r\nU.S. Robotics 56K\r\n\r\nOK\r\n"), now: start)
        guard case .completed(let completion, _) = information.first else {
            Issue.record("expected a completion, got \(information)")
            return
        }
        #expect(completion.information == ["U.S. Robotics 56K"])
    }

    @Test("RING and caller ID between a command and its answer are unsolicited, not the answer")
    func unsolicitedInterleaved() {
        var engine = ATCommandEngine(dialect: .verbose)
        _ = engine.submit(ATCommand("ATS0=0", timeout: .seconds(1)), now: start)
        let actions = engine.receive(bytes("\r\nRING\r\n\r\nNMBR = 5551234\r\n\r\nOK\r\n"), now: start)
        #expect(actions.count == 3)
        #expect(actions[0] == .unsolicited(.ring))
        #expect(actions[1] == .unsolicited(.callerID(.number("5551234"))))
        guard case .completed(let completion, _) = actions[2] else {
            Issue.record("expected the command's completion last, got \(actions)")
            return
        }
        #expect(completion.result == .ok)
    }

    @Test("NO CARRIER with no command outstanding is unsolicited; after ATD it is the answer")
    func noCarrierRouting() {
        var engine = ATCommandEngine(dialect: .verbose)
        #expect(engine.receive(bytes("\r\nNO CARRIER\r\n"), now: start) == [.unsolicited(.final(.noCarrier))])
        _ = engine.submit(ATCommand("ATDT5551234", timeout: .seconds(60)), now: start)
        let actions = engine.receive(bytes("\r\nNO CARRIER\r\n"), now: start)
        guard case .completed(let completion, _) = actions.first else {
            Issue.record("expected a completion, got \(actions)")
            return
        }
        #expect(completion.result == .noCarrier)
    }

    @Test("V.250 §6.3.1 a stray OK while ATD or ATA is outstanding does not end it: its CONNECT does, or its deadline")
    func strayOKDuringDial() {
        for command in ["ATDT5551000", "ATA"] {
            var engine = ATCommandEngine(dialect: .verbose)
            _ = engine.submit(ATCommand(command, timeout: .seconds(3)), now: start)
            #expect(engine.receive(bytes("\r\nOK\r\n"), now: start).isEmpty, "\(command)")
            #expect(engine.nextDeadline == start + .seconds(3))
            let actions = engine.receive(bytes("\r\nCONNECT 28800\r\n"), now: start + .seconds(1))
            guard case .completed(let completion, _) = actions.first else {
                Issue.record("\(command): expected a completion, got \(actions)")
                continue
            }
            guard case .connect = completion.result else {
                Issue.record("\(command): expected CONNECT, got \(completion.result)")
                continue
            }
        }
        var engine = ATCommandEngine(dialect: .verbose)
        _ = engine.submit(ATCommand("ATDT5551000", timeout: .seconds(3)), now: start)
        _ = engine.receive(bytes("\r\nOK\r\n"), now: start)
        #expect(engine.expire(now: start + .seconds(3)) == [.timedOut(ATCommand("ATDT5551000", timeout: .seconds(3)))])
    }

    @Test("CONNECT ends command mode: the characters after it are the call's data, untouched")
    func connectHandsOverData() {
        var engine = ATCommandEngine(dialect: .verbose)
        _ = engine.submit(ATCommand("ATDT5551234", timeout: .seconds(60)), now: start)
        let frame: [UInt8] = [0x7E, 0xFF, 0x7D, 0x23, 0x0D, 0x0A, 0x7E]
        let actions = engine.receive(bytes("\r\nCONNECT 49333/ARQ/V90/LAPM/V42BIS\r\n") + frame, now: start)
        guard case .completed(let completion, let data) = actions.first, actions.count == 1 else {
            Issue.record("expected one completion, got \(actions)")
            return
        }
        #expect(
            completion.result
                == .connect(ConnectReport(speed: 49333, modulation: "V90", errorControl: "LAPM", compression: "V42BIS")))
        #expect(data == frame)
        #expect(engine.inDataMode)
        #expect(engine.receive(bytes("\r\nOK\r\n"), now: start).isEmpty)
    }

    @Test("Rockwell report lines before CONNECT give the line speed; CONNECT gives the DTE rate")
    func rockwellReports() {
        var engine = ATCommandEngine(dialect: .verbose)
        _ = engine.submit(ATCommand("ATA", timeout: .seconds(60)), now: start)
        let actions = engine.receive(
            bytes("\r\nCARRIER 31200\r\n\r\nPROTOCOL: LAP-M\r\n\r\nCOMPRESSION: V.42BIS\r\n\r\nCONNECT 115200\r\n"),
            now: start)
        guard case .completed(let completion, _) = actions.first, case .connect(let report) = completion.result else {
            Issue.record("expected CONNECT, got \(actions)")
            return
        }
        #expect(report.speed == 115_200)
        #expect(report.carrierSpeed == 31200)
        #expect(report.lineSpeed == 31200)
        #expect(report.errorControl == "LAPM")
        #expect(report.compression == "V42BIS")
    }

    @Test("numeric result codes are read through the profile's table")
    func numericCodes() {
        var engine = ATCommandEngine(dialect: .numeric([0: "OK", 2: "RING", 7: "BUSY", 18: "CONNECT 57600"]))
        _ = engine.submit(ATCommand("ATDT5551234", timeout: .seconds(60)), now: start)
        let actions = engine.receive(bytes("2\r7\r"), now: start)
        #expect(actions.first == .unsolicited(.ring))
        guard case .completed(let completion, _) = actions.last else {
            Issue.record("expected a completion, got \(actions)")
            return
        }
        #expect(completion.result == .busy)
        _ = engine.submit(ATCommand("ATDT5551234", timeout: .seconds(60)), now: start)
        guard case .completed(let connect, _) = engine.receive(bytes("18\r"), now: start).first else {
            Issue.record("expected CONNECT")
            return
        }
        #expect(connect.result == .connect(ConnectReport(speed: 57600)))
    }

    @Test("a command without an answer times out at its deadline, not before, and the queue is dropped")
    func timeout() {
        var engine = ATCommandEngine(dialect: .verbose)
        _ = engine.submit(ATCommand("ATZ", timeout: .seconds(2)), now: start)
        _ = engine.submit(ATCommand("ATE0", timeout: .seconds(2)), now: start)
        #expect(engine.expire(now: start + .milliseconds(1999)).isEmpty)
        #expect(engine.expire(now: start + .seconds(2)) == [.timedOut(ATCommand("ATZ", timeout: .seconds(2)))])
        #expect(engine.nextDeadline == nil)
        #expect(engine.receive(bytes("\r\nOK\r\n"), now: start) == [.unsolicited(.final(.ok))])
    }

    @Test("garbage and an over-long line cost bounded memory and do not hide the next answer")
    func garbage() {
        var engine = ATCommandEngine(dialect: .verbose, maximumLineLength: 64)
        _ = engine.submit(ATCommand("ATZ", timeout: .seconds(2)), now: start)
        let noise: [UInt8] = [0x00, 0xFF, 0x80, 0x1B] + Array(repeating: UInt8(ascii: "A"), count: 10_000)
        let actions = engine.receive(noise + bytes("\r\nOK\r\n"), now: start)
        #expect(engine.overlongLines == 1)
        #expect(engine.unprintableCharacters == 4)
        guard case .completed(let completion, _) = actions.first, actions.count == 1 else {
            Issue.record("expected only the completion, got \(actions)")
            return
        }
        #expect(completion.result == .ok)
    }

    @Test("a modem that prints endless information keeps at most a bounded number of lines")
    func boundedInformation() {
        var engine = ATCommandEngine(dialect: .verbose)
        _ = engine.submit(ATCommand("ATI4", timeout: .seconds(2)), now: start)
        let spam = Array(repeating: "S-register dump line\r\n", count: 1000).joined()
        let actions = engine.receive(bytes(spam + "OK\r\n"), now: start)
        guard case .completed(let completion, _) = actions.first else {
            Issue.record("expected a completion")
            return
        }
        #expect(completion.information.count == ATCommandEngine.maximumInformationLines)
    }
}
