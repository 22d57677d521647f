@testable import HDLC
import Testing

@Suite("RFC 1662 Appendix C frame check sequences")
struct FCSTests {
    /// The standard check input for CRC catalogues.
    let check = Array("123456789".utf8)

    @Test("RFC 1662 §C.1 the FCS-16 table matches the RFC's printed fcstab")
    func fcs16Table() {
        // fcstab[1], [8], [128] and [255] as printed in §C.2.
        for (octet, entry) in [(1, 0x1189), (8, 0x8C48), (128, 0x8408), (255, 0x0F78)] as [(UInt8, UInt16)] {
            #expect(FCS16.compute([octet], initial: 0) == entry)
        }
    }

    @Test("RFC 1662 §C.3 the FCS-32 table matches the RFC's printed fcstab_32")
    func fcs32Table() {
        for (octet, entry) in [(1, 0x7707_3096), (2, 0xEE0E_612C), (255, 0x2D02_EF8D)] as [(UInt8, UInt32)] {
            #expect(FCS32.compute([octet], initial: 0) == entry)
        }
    }

    @Test("RFC 1662 §C.2 FCS-16 of \"123456789\" is 0x906E once complemented (CRC-16/X-25 check value)")
    func fcs16CheckValue() {
        #expect(~FCS16.compute(check) == 0x906E)
    }

    @Test("RFC 1662 §C.3 FCS-32 of \"123456789\" is 0xCBF43926 once complemented (CRC-32 check value)")
    func fcs32CheckValue() {
        #expect(~FCS32.compute(check) == 0xCBF4_3926)
    }

    @Test("RFC 1662 §C.2 a frame followed by its FCS, least significant octet first, leaves 0xF0B8")
    func fcs16Residue() {
        var generator = SeededGenerator(seed: 16)
        for length in 0..<64 {
            let frame = generator.frame(length: length)
            #expect(FCS16.compute(withFCS(frame, .fcs16)) == FCS16.goodResidue)
        }
        #expect(FCS16.goodResidue == 0xF0B8)
    }

    @Test("RFC 1662 §C.3 a frame followed by its FCS-32, least significant octet first, leaves 0xDEBB20E3")
    func fcs32Residue() {
        var generator = SeededGenerator(seed: 32)
        for length in 0..<64 {
            let frame = generator.frame(length: length)
            #expect(FCS32.compute(withFCS(frame, .fcs32)) == FCS32.goodResidue)
        }
        #expect(FCS32.goodResidue == 0xDEBB_20E3)
    }

    @Test("RFC 1662 §C.2 the FCS can be computed as data arrives, piece by piece")
    func incremental() {
        let whole = FCS16.compute(check)
        let pieces = FCS16.compute(Array(check[4...]), initial: FCS16.compute(Array(check[..<4])))
        #expect(pieces == whole)
        let whole32 = FCS32.compute(check)
        #expect(FCS32.compute(Array(check[4...]), initial: FCS32.compute(Array(check[..<4]))) == whole32)
    }

    @Test("RFC 1662 §3.1 FCSKind sizes: 16 bits is two octets, 32 bits four")
    func sizes() {
        #expect(FCSKind.fcs16.octetCount == 2)
        #expect(FCSKind.fcs32.octetCount == 4)
    }
}

@Suite("RFC 1662 Appendix C table method against the bit-serial definition")
struct FCSBitSerialTests {
    /// The FCS as the hardware of §C computes it: one bit at a time, least significant first,
    /// dividing by the reversed polynomial.
    func bitSerial(_ bytes: [UInt8], initial: UInt32, polynomial: UInt32) -> UInt32 {
        var register = initial
        for octet in bytes {
            for position in 0..<8 {
                let feedback = (register ^ UInt32(octet >> UInt8(position))) & 1
                register = (register >> 1) ^ (feedback == 1 ? polynomial : 0)
            }
        }
        return register
    }

    @Test("RFC 1662 §C.1–§C.3 table-driven FCS-16 and FCS-32 equal the bit-serial polynomial division")
    func matchesBitSerial() {
        var generator = SeededGenerator(seed: 1662)
        for length in [0, 1, 2, 7, 100, 1500] {
            let bytes = generator.frame(length: length)
            #expect(UInt32(FCS16.compute(bytes)) == bitSerial(bytes, initial: 0xFFFF, polynomial: 0x8408))
            #expect(FCS32.compute(bytes) == bitSerial(bytes, initial: 0xFFFF_FFFF, polynomial: 0xEDB8_8320))
        }
    }

    /// Under 32 octets the table runs alone; from 32 the carry-less folding takes 16 octets at
    /// a time, from 128 four chains of 64, and the table finishes the folded block and the
    /// rest. Every length to 300 meets every remainder of both; odd offsets load unaligned.
    @Test("RFC 1662 §C.2–§C.3 the folded FCS of long frames equals the bit-serial division, at every length, offset and initial register")
    func foldingMatchesBitSerial() {
        var generator = SeededGenerator(seed: 3309)
        let buffer = generator.frame(length: 4096 + 8)
        for length in Array(0...300) + [1400, 1500, 4096] {
            let offset = length % 8
            let bytes = Array(buffer[offset..<offset + length])
            let initial16 = UInt16.random(in: 0...UInt16.max, using: &generator)
            let initial32 = UInt32.random(in: 0...UInt32.max, using: &generator)
            #expect(UInt32(FCS16.compute(bytes, initial: initial16)) == bitSerial(bytes, initial: UInt32(initial16), polynomial: 0x8408))
            #expect(FCS32.compute(bytes, initial: initial32) == bitSerial(bytes, initial: initial32, polynomial: 0xEDB8_8320))
        }
    }

    #if arch(x86_64)
    @Test("the folding runs on this x86-64 CPU, so the test above checks it, not the table alone")
    func foldingIsUsedHere() {
        #expect(CRCFolding.isAvailable)
    }
    #endif
}
