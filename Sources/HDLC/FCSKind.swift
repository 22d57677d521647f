/// Which Frame Check Sequence a link uses: FCS-16 by default, FCS-32 when LCP negotiated it
/// (RFC 1662 §3.1, §C.2, §C.3).
public enum FCSKind: Sendable, Hashable {
    case fcs16
    case fcs32

    /// How many octets the FCS adds to each frame on the line.
    public var octetCount: Int {
        switch self {
        case .fcs16: 2
        case .fcs32: 4
        }
    }

    /// The FCS to send after `frame`: the complemented register, in a `UInt32` whose low
    /// `octetCount` octets go out least significant octet first (RFC 1662 §3.1, §C.2, §C.3).
    func trailer(for frame: UnsafeRawBufferPointer) -> UInt32 {
        switch self {
        case .fcs16: UInt32(~FCS16.compute(frame))
        case .fcs32: ~FCS32.compute(frame)
        }
    }

    /// True when `frameAndFCS` leaves the register at the good residue, i.e. it arrived intact
    /// (RFC 1662 §C.2 `PPPGOODFCS16`, §C.3 `PPPGOODFCS32`).
    func hasGoodResidue(_ frameAndFCS: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .fcs16: FCS16.compute(frameAndFCS) == FCS16.goodResidue
        case .fcs32: FCS32.compute(frameAndFCS) == FCS32.goodResidue
        }
    }
}
