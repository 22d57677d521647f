import HDLC
import LineHAL
import Testing

@testable import SerialModem

@Suite("Result codes, CONNECT reports, failure mapping, dial strings")
struct ModemResponseTests {
    @Test(
        "CONNECT lines of different families parse to speed and protocols",
        arguments: [
            ("CONNECT 49333/ARQ/V90/LAPM/V42BIS", ConnectReport(speed: 49333, modulation: "V90", errorControl: "LAPM", compression: "V42BIS")),
            ("CONNECT 28800/ARQ", ConnectReport(speed: 28800, errorControl: "ARQ")),
            ("CONNECT 52000 V42bis", ConnectReport(speed: 52000, compression: "V42BIS")),
            ("CONNECT 49333/31200", ConnectReport(speed: 49333, otherDirectionSpeed: 31200)),
            ("CONNECT", ConnectReport()),
        ])
    func connectLines(line: String, expected: ConnectReport) {
        #expect(ModemResponse(verbose: line) == .final(.connect(expected)))
    }

    @Test("caller-ID fields in the spellings modems use")
    func callerID() {
        #expect(ModemResponse(verbose: "NMBR = 5551234") == .callerID(.number("5551234")))
        #expect(ModemResponse(verbose: "NMBR: 5551234") == .callerID(.number("5551234")))
        #expect(ModemResponse(verbose: "NAME = JOHN DOE") == .callerID(.name("JOHN DOE")))
        #expect(ModemResponse(verbose: "DATE = 1124") == .callerID(.date("1124")))
        #expect(ModemResponse(verbose: "TIME=1612") == .callerID(.time("1612")))
        #expect(ModemResponse(verbose: "DDN_NMBR = 5550000") == .callerID(.dialedNumber("5550000")))
        #expect(ModemResponse(verbose: "HELLO = WORLD") == .text("HELLO = WORLD"))
    }

    @Test(
        "every failure result maps to a clear reason and Q.931 cause",
        arguments: [
            (FinalResult.busy, ClearReason.busy, Q931Cause.userBusy),
            (.noCarrier, .noCarrier, .bearerCapabilityNotAvailable),
            (.noDialTone, .noDialTone, .networkOutOfOrder),
            (.noAnswer, .noAnswer, .noAnswer),
            (.error, .refused, .invalidNumberFormat),
            (.delayed, .refused, .temporaryFailure),
            (.blacklisted, .refused, .callRejected),
        ])
    func failureMapping(result: FinalResult, reason: ClearReason, cause: Q931Cause) {
        #expect(result.clearing == CallClearing(cause: cause, reason: reason))
    }

    @Test("verbose words for every failure result")
    func verboseFailures() {
        let words: [(String, FinalResult)] = [
            ("BUSY", .busy), ("NO CARRIER", .noCarrier), ("NO DIALTONE", .noDialTone), ("NO DIAL TONE", .noDialTone),
            ("NO ANSWER", .noAnswer), ("ERROR", .error), ("DELAYED", .delayed), ("BLACKLISTED", .blacklisted),
        ]
        for (word, result) in words { #expect(ModemResponse(verbose: word) == .final(result), "\(word)") }
        #expect(FinalResult.ok.clearing == nil)
    }

    @Test("dial strings: tone or pulse from the profile, a T/P prefix wins, modifiers pass, junk is refused")
    func dialStrings() {
        #expect(DialString.command(for: "555-1234", mode: .tone) == "ATDT5551234")
        #expect(DialString.command(for: "5551234", mode: .pulse) == "ATDP5551234")
        #expect(DialString.command(for: "P9,W5551234", mode: .tone) == "ATDP9,W5551234")
        #expect(DialString.command(for: "*70,5551234@", mode: .tone) == "ATDT*70,5551234@")
        #expect(DialString.command(for: "5551234;", mode: .tone) == nil)
        #expect(DialString.command(for: "555\r+++ATH", mode: .tone) == nil)
        #expect(DialString.command(for: "", mode: .tone) == nil)
    }

    @Test("under XON/XOFF flow control DC1 and DC3 stay escaped on send, whatever Set-Link-Info asks")
    func xonXoffACCM() {
        let asked = ACCM(send: 0, receive: 0)
        #expect(HayesModemLine.effectiveACCM(asked, flowControl: .rtsCts) == asked)
        #expect(HayesModemLine.effectiveACCM(asked, flowControl: .xonXoff) == ACCM(send: 0x000A_0000, receive: 0))
    }
}
