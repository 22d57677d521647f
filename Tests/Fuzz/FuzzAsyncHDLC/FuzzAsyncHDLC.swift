import HDLC

/// libFuzzer target: the async HDLC deframer (RFC 1662 §4) with a fuzzer-chosen ACCM and FCS.
/// Every frame it releases must fit its maximum, and re-encoding it must deframe to itself.
/// scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAsyncHDLC(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard bytes.count >= 5 else { return 0 }
    let accm = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    let fcs: FCSKind = bytes[4] & 1 == 0 ? .fcs16 : .fcs32
    var decoder = AsyncHDLCDecoder(receiveACCM: accm, fcs: fcs, maximumFrameLength: 1532)
    var frames: [[UInt8]] = []
    decoder.decode(Array(bytes[5...])) { frame in frames.append(Array(frame)) }
    for frame in frames {
        precondition(frame.count <= 1532 + fcs.octetCount, "a frame of \(frame.count) octets passed the maximum")
        var encoded: [UInt8] = []
        AsyncHDLCEncoder(sendACCM: accm, fcs: fcs).encode(frame, into: &encoded)
        var again = AsyncHDLCDecoder(receiveACCM: accm, fcs: fcs, maximumFrameLength: 1532 + 8)
        var back: [[UInt8]] = []
        again.decode(encoded) { back.append(Array($0)) }
        precondition(back == [frame], "a deframed frame does not survive re-encoding")
    }
    return 0
}
