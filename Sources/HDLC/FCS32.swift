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

    /// RFC 1662 §C.3: the table, from the reversed polynomial 0xEDB88320 by the §C.1 method.
    static let table: [UInt32] = (0...255).map { octet in
        var value = UInt32(octet)
        for _ in 0..<8 {
            value = value & 1 != 0 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }

    /// RFC 1662 §C.3: runs the FCS register over `bytes`, starting from `initial`.
    public static func compute(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0xFFFF_FFFF) -> UInt32 {
        table.withUnsafeBufferPointer { table in
            var fcs = initial
            for octet in bytes {
                fcs = (fcs >> 8) ^ table[Int(UInt8(truncatingIfNeeded: fcs) ^ octet)]
            }
            return fcs
        }
    }

    public static func compute(_ bytes: [UInt8], initial: UInt32 = 0xFFFF_FFFF) -> UInt32 {
        bytes.withUnsafeBytes { compute($0, initial: initial) }
    }
}
