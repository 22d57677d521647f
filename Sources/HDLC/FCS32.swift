/// The 32-bit Frame Check Sequence that LCP may negotiate instead of FCS-16 (RFC 1662 §C.3).
///
/// The polynomial of Ethernet and ISO 3309, run least significant bit first like FCS-16.
/// `compute` is the RFC's `pppfcs32`: the raw register, complemented by the sender and compared
/// with `goodResidue` by the receiver.
public enum FCS32 {
    /// RFC 1662 §C.3 `PPPINITFCS32`.
    public static let initial: UInt32 = 0xFFFF_FFFF
    /// RFC 1662 §C.3 `PPPGOODFCS32`: the register after a correct frame and its FCS.
    public static let goodResidue: UInt32 = 0xDEBB_20E3

    /// RFC 1662 §C.1: the lookup tables, from the reversed polynomial 0xEDB8_8320.
    static let table = SlicedCRCTable<UInt32>(reversedPolynomial: 0xEDB8_8320)
    /// Long frames fold first: the same polynomial in normal bit order.
    static let folding = CRCFolding(polynomial: 0x04C1_1DB7, degree: 32)

    /// RFC 1662 §C.3: runs the FCS register over `bytes`, starting from `initial`.
    public static func compute(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0xFFFF_FFFF) -> UInt32 {
        folding.update(initial, with: bytes, table: table)
    }

    public static func compute(_ bytes: [UInt8], initial: UInt32 = 0xFFFF_FFFF) -> UInt32 {
        bytes.withUnsafeBytes { compute($0, initial: initial) }
    }
}
