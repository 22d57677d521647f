/// The table method of RFC 1662 §C.1, extended from one table to sixteen ("slicing-by-16").
///
/// With one table the FCS register advances one octet per lookup, and each lookup waits for the
/// one before. Table k gives the effect of an octet followed by k more octets, so sixteen
/// independent lookups advance the register by sixteen octets at once (2.4 GB/s here). Where
/// the CPU can, `CRCFolding` takes long frames first and leaves these tables the last 16–31
/// octets; elsewhere they do the whole frame. The result is exactly the RFC's
/// `pppfcs16`/`pppfcs32`: the CRC is linear, and table 0 is the RFC's own `fcstab`.
struct SlicedCRCTable<Register: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    /// Table k occupies entries 256k ..< 256(k + 1).
    private let entries: [Register]
    private static var tableCount: Int { 16 }

    /// RFC 1662 §C.1: `reversedPolynomial` is the generator with its bits reversed, 0x8408 for
    /// FCS-16 and 0xEDB88320 for FCS-32, because the FCS runs least significant bit first.
    init(reversedPolynomial: Register) {
        var entries = [Register](repeating: 0, count: Self.tableCount * 256)
        for octet in 0..<256 {
            var value = Register(octet)
            for _ in 0..<8 {
                value = value & 1 != 0 ? (value >> 1) ^ reversedPolynomial : value >> 1
            }
            entries[octet] = value
        }
        for table in 1..<Self.tableCount {
            for octet in 0..<256 {
                let previous = entries[256 * (table - 1) + octet]
                entries[256 * table + octet] = (previous >> 8) ^ entries[Int(truncatingIfNeeded: previous) & 0xFF]
            }
        }
        self.entries = entries
    }

    /// RFC 1662 §C.2, §C.3 `pppfcs16`/`pppfcs32`: the register after running over `bytes`.
    func update(_ register: Register, with bytes: UnsafeRawBufferPointer) -> Register {
        entries.withUnsafeBufferPointer { tables in
            let table = tables.baseAddress!
            var fcs = register
            var offset = 0
            if let base = bytes.baseAddress {
                while bytes.count - offset >= 16 {
                    let first = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                        ^ UInt64(truncatingIfNeeded: fcs)
                    let second = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                    // As below, with fifteen octets after the first one.
                    fcs = Self.lookUp(first, octets: 8, tables: table + 8 * 256) ^ Self.lookUp(second, octets: 8, tables: table)
                    offset += 16
                }
                while bytes.count - offset >= 8 {
                    let eight = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    // The register's octets meet the first octets of the input; the first
                    // octet has seven more after it, so it goes through table 7.
                    fcs = Self.lookUp(eight ^ UInt64(truncatingIfNeeded: fcs), octets: 8, tables: table)
                    offset += 8
                }
                if bytes.count - offset >= 4 {
                    // A short frame's tail four octets at once instead of one by one, each
                    // waiting for the one before.
                    let four = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                    fcs = Self.lookUp(four ^ UInt64(truncatingIfNeeded: fcs), octets: 4, tables: table)
                    offset += 4
                }
                // RFC 1662 §C.2: `fcs = (fcs >> 8) ^ fcstab[(fcs ^ *cp++) & 0xff]` for the rest.
                while offset < bytes.count {
                    fcs = (fcs >> 8) ^ table[Int(UInt8(truncatingIfNeeded: fcs) ^ base.load(fromByteOffset: offset, as: UInt8.self))]
                    offset += 1
                }
            }
            return fcs
        }
    }

    /// The effect of `octets` octets (`x`, the first in its low octet) through tables
    /// 0 ..< `octets` of `tables`: the first octet has `octets` − 1 more after it, so it goes
    /// through the last of them. Inlined with a constant count, the loop unrolls.
    @inline(__always)
    private static func lookUp(_ x: UInt64, octets: Int, tables table: UnsafePointer<Register>) -> Register {
        var result: Register = 0
        for octet in 0..<octets {
            result ^= table[(octets - 1 - octet) * 256 + Int(truncatingIfNeeded: x &>> UInt64(8 * octet)) & 0xFF]
        }
        return result
    }
}
