import LineHAL
import PAC

/// libFuzzer target: the configuration loaders — `pac serve`'s file (limits included) and the
/// line profiles of Hardware/ — over any text. Errors are fine; a crash or hang is not.
/// scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let configuration = try? DaemonConfiguration.parse(text, file: "fuzz.yaml") {
        precondition(configuration.limits.maximumConnections >= 1, "a limit below its range was accepted")
    }
    _ = try? ProfileLoader.parse(text, file: "fuzz.yaml")
    return 0
}
