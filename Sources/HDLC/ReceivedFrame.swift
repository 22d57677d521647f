/// The judgement passed on the octets between two flags, shared by the async and the
/// bit-synchronous decoders so that both count the same event the same way.
enum ReceivedFrame {
    /// RFC 1662 §4.3, §5.3: a frame is too short when it has "less than 4 octets when using the
    /// 16-bit FCS", i.e. fewer than two octets before the FCS. The same two octets are required
    /// before an FCS-32: no PPP frame is shorter (a compressed Protocol field plus one octet).
    static func minimumOctets(_ fcs: FCSKind) -> Int {
        fcs.octetCount + 2
    }

    /// Hands a good frame, without its FCS, to `onFrame`, or counts why it was dropped.
    ///
    /// - `received`: the unescaped (or unstuffed) octets between the flags, FCS included.
    static func close(
        _ received: UnsafeRawBufferPointer,
        fcs: FCSKind,
        counters: inout FramingErrorCounters,
        onFrame: (UnsafeRawBufferPointer) -> Void
    ) {
        // RFC 1662 §3.1: two consecutive flags form an empty frame, "silently discarded, and
        // not counted as a FCS error" — it is idle fill, not an error at all.
        if received.isEmpty { return }
        // RFC 1662 §4.3, §5.3: too short to hold a frame and its FCS; not an FCS error, but
        // something between the flags that cannot be a frame: an alignment error.
        if received.count < minimumOctets(fcs) {
            counters.alignmentErrors += 1
            return
        }
        // RFC 1662 §C.2, §C.3: the register over frame and FCS must land on the good residue.
        guard fcs.hasGoodResidue(received) else {
            counters.crcErrors += 1
            return
        }
        onFrame(UnsafeRawBufferPointer(rebasing: received[..<(received.count - fcs.octetCount)]))
    }
}
