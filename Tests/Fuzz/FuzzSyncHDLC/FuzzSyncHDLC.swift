import HDLC

/// libFuzzer target: the bit-synchronous HDLC deframer (flags, zero-bit insertion, FCS) over any
/// bit stream. Every frame it releases must re-encode and deframe to itself. scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSyncHDLC(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let fcs: FCSKind = first & 1 == 0 ? .fcs16 : .fcs32
    var decoder = SyncHDLCDecoder(fcs: fcs, maximumFrameLength: 1532)
    var frames: [[UInt8]] = []
    decoder.decode(Array(bytes.dropFirst())) { frames.append(Array($0)) }
    for frame in frames {
        var bits = SyncBitStream()
        SyncHDLCEncoder(fcs: fcs).encode(frame, into: &bits)
        bits.appendFlags(2)  // time fill: pushes the closing flag's pending bits into `octets`
        var again = SyncHDLCDecoder(fcs: fcs, maximumFrameLength: 1532 + 8)
        var back: [[UInt8]] = []
        again.decode(bits.octets) { back.append(Array($0)) }
        precondition(back.first == frame, "a deframed frame does not survive re-encoding")
    }
    return 0
}
