/// The 16-bit Frame Check Sequence, the default on every PPP link (RFC 1662 §C.2).
///
/// The CRC-CCITT polynomial x¹⁶ + x¹² + x⁵ + 1, run least significant bit first because that is
/// the order the bits leave the line (§4.5.2, §5.5). `compute` is the RFC's `pppfcs16`: it returns
/// the raw register, so a sender appends its complement and a receiver checks that the register
/// over frame plus FCS equals `goodResidue`.
public enum FCS16 {
    /// RFC 1662 §C.2 `PPPINITFCS16`.
    public static let initial: UInt16 = 0xFFFF
    /// RFC 1662 §C.2 `PPPGOODFCS16`: the register after a correct frame and its FCS.
    public static let goodResidue: UInt16 = 0xF0B8

    /// RFC 1662 §C.1: the lookup tables, from the reversed polynomial 0x8408.
    static let table = SlicedCRCTable<UInt16>(reversedPolynomial: 0x8408)
    /// Long frames fold first: the same polynomial, x¹⁶ + x¹² + x⁵ + 1, in normal bit order.
    static let folding = CRCFolding(polynomial: 0x1021, degree: 16)

    /// RFC 1662 §C.2: runs the FCS register over `bytes`, starting from `initial`.
    public static func compute(_ bytes: UnsafeRawBufferPointer, initial: UInt16 = 0xFFFF) -> UInt16 {
        folding.update(initial, with: bytes, table: table)
    }

    public static func compute(_ bytes: [UInt8], initial: UInt16 = 0xFFFF) -> UInt16 {
        bytes.withUnsafeBytes { compute($0, initial: initial) }
    }
}
