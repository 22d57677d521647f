import NIOCore
import SerialModem

/// libFuzzer target: what a modem says, line by line — the line splitter, both result-code
/// dialects, and the AT command engine waiting on a command. scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzATResponse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var splitter = ATLineSplitter(maximumLength: 256)
    let numeric = ResultCodeDialect.numeric(ResultCodeDialect.standardNumericCodes.merging([18: "CONNECT 57600"]) { $1 })
    for byte in bytes {
        if let line = splitter.feed(byte) {
            precondition(line.utf8.count <= 256, "a line longer than the splitter's maximum")
            _ = ResultCodeDialect.verbose.response(to: line)
            _ = numeric.response(to: line)
        }
    }
    let now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    var engine = ATCommandEngine(dialect: .verbose)
    _ = engine.submit(ATCommand("ATDT5550100", timeout: .seconds(60)), now: now)
    _ = engine.receive(bytes, now: now)
    _ = engine.expire(now: now + .seconds(61))
    return 0
}
