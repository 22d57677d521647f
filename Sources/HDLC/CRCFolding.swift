import CCRCFolding

/// The FCS's front end for long frames: carry-less multiplication (Sources/CCRCFolding) folds
/// a frame 64 octets a step into 16 octets of the same value modulo the polynomial, and the
/// table finishes over those and the last few octets. On this machine's x86-64 cores that
/// takes a 1,500-octet frame's FCS from 622 ns to 117 ns (docs/hdlc.md); elsewhere, or
/// without PCLMULQDQ, the table runs alone.
///
/// The result is the table's to the bit: a CRC depends only on its message modulo the
/// polynomial (RFC 1662 §C.1 computes the same remainder an octet at a time).
struct CRCFolding: Sendable {
    /// x^(T+63) and x^(T−1) modulo the polynomial, bit-reversed, for T = 128, 256, 384 and
    /// 512 bits: what include/crc_folding.h asks for.
    private let constants: [UInt64]

    /// Whether this CPU folds; asked once.
    static let isAvailable = pac_crc_fold_available() != 0

    /// `polynomial`: the generator in normal bit order without its x^`degree` term (0x1021
    /// for FCS-16, 0x04C1_1DB7 for FCS-32; RFC 1662 §C.1 gives them reversed).
    init(polynomial: UInt64, degree: Int) {
        var constants: [UInt64] = []
        for distance in [128, 256, 384, 512] {
            for exponent in [distance + 63, distance - 1] {
                constants.append(Self.reversed(Self.xToThe(exponent, modulo: polynomial, degree: degree)))
            }
        }
        self.constants = constants
    }

    /// The register after `bytes`, as `table.update(register, with: bytes)` gives it.
    func update<Register>(_ register: Register, with bytes: UnsafeRawBufferPointer, table: SlicedCRCTable<Register>) -> Register {
        guard Self.isAvailable, let base = bytes.baseAddress else { return table.update(register, with: bytes) }
        var folded: (UInt64, UInt64) = (0, 0)
        let consumed = constants.withUnsafeBufferPointer { constants in
            withUnsafeMutableBytes(of: &folded) { folded in
                pac_crc_fold(
                    base.assumingMemoryBound(to: UInt8.self), bytes.count, UInt32(truncatingIfNeeded: register),
                    constants.baseAddress!, folded.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard consumed > 0 else { return table.update(register, with: bytes) }
        // The folded octets carry the initial register already: they start from zero.
        let afterFolded = withUnsafeBytes(of: &folded) { table.update(0, with: $0) }
        return table.update(afterFolded, with: UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
    }

    /// x^`exponent` modulo the polynomial, in normal bit order.
    private static func xToThe(_ exponent: Int, modulo polynomial: UInt64, degree: Int) -> UInt64 {
        var remainder: UInt64 = 1
        for _ in 0..<exponent {
            remainder <<= 1
            if remainder >> degree & 1 == 1 { remainder ^= 1 << degree | polynomial }
        }
        return remainder
    }

    /// The coefficient of x^j moved from bit j to bit 63 − j.
    private static func reversed(_ value: UInt64) -> UInt64 {
        (0..<64).reduce(0) { result, bit in value >> bit & 1 == 1 ? result | 1 << (63 - bit) : result }
    }
}
