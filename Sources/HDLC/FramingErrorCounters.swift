/// The receive-error counters that framing can move, named after the WAN-Error-Notify fields
/// (RFC 2637 §2.14) the engine copies them into.
///
/// Each discarded frame moves exactly one counter, so a PNS reading the notification sees one
/// event per lost frame:
/// - `crcErrors`: the frame ended well but its FCS was wrong (RFC 1662 §C.2, §C.3).
/// - `framingErrors`: the sender aborted the frame: Control Escape then Flag on async lines
///   (RFC 1662 §4.3), seven or more 1 bits on bit-synchronous lines (§5.3).
/// - `alignmentErrors`: what lay between two flags could not be a frame: fewer octets than the
///   minimum (§4.3, §5.3), or on bit-synchronous lines a bit count that is not a multiple of 8.
/// - `bufferOverruns`: the frame grew past the decoder's maximum frame length plus FCS; the rest
///   of it was discarded up to the next flag.
///
/// Hardware overruns and time-outs belong to the line driver, not to framing.
public struct FramingErrorCounters: Sendable, Hashable {
    public var crcErrors: UInt64
    public var framingErrors: UInt64
    public var alignmentErrors: UInt64
    public var bufferOverruns: UInt64

    public init(crcErrors: UInt64 = 0, framingErrors: UInt64 = 0, alignmentErrors: UInt64 = 0, bufferOverruns: UInt64 = 0) {
        self.crcErrors = crcErrors
        self.framingErrors = framingErrors
        self.alignmentErrors = alignmentErrors
        self.bufferOverruns = bufferOverruns
    }

    /// The sum of all four, for a quick "did anything go wrong" check.
    public var total: UInt64 {
        crcErrors + framingErrors + alignmentErrors + bufferOverruns
    }
}
