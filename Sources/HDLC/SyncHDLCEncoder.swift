/// Frames PPP frames for a bit-synchronous line such as an ISDN B-channel: flag, frame and FCS
/// with zero-bit insertion, flag (RFC 1662 §5).
///
/// Stateless apart from its FCS kind. Unlike async framing there is no ACCM: a synchronous
/// link maps no characters (RFC 1662 §6, §7.1).
public struct SyncHDLCEncoder: Sendable {
    public let fcs: FCSKind

    public init(fcs: FCSKind = .fcs16) {
        self.fcs = fcs
    }

    /// Appends flag, bit-stuffed frame + FCS, flag to `bits`. `frame` is passed through as given,
    /// Address and Control fields included or not.
    public func encode(_ frame: UnsafeRawBufferPointer, into bits: inout SyncBitStream) {
        let trailer = fcs.trailer(for: frame)
        BitStuffing.stuffing.withUnsafeBufferPointer { stuffing in
            // Each 5 data bits may gain a stuffed 0, plus the two flags.
            bits.appendBits(atMost: 16 + (8 * (frame.count + fcs.octetCount) * 6) / 5 + 1) { writer in
                writer.append(UInt64(HDLCOctet.flag), count: 8)
                // The opening flag ends in a 0, so no run of 1s carries over into the frame.
                var stuffer = Stuffer(table: stuffing.baseAddress!)
                var index = 0
                while true {
                    index = writer.appendPlainWords(of: frame, from: index, ones: &stuffer.ones)
                    guard frame.count - index >= 8 else { break }
                    // A word that needs a stuffed 0 (or holds a run of 1s that may): by halves.
                    let word = UInt64(littleEndian: frame.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    stuffer.append(UInt32(truncatingIfNeeded: word), to: &writer)
                    stuffer.append(UInt32(truncatingIfNeeded: word >> 32), to: &writer)
                    index += 8
                }
                while frame.count - index >= 4 {
                    let word = UInt32(littleEndian: frame.loadUnaligned(fromByteOffset: index, as: UInt32.self))
                    stuffer.append(word, to: &writer)
                    index += 4
                }
                while index < frame.count {
                    stuffer.append(frame[index], to: &writer)
                    index += 1
                }
                // RFC 1662 §3.1: the FCS goes least significant octet first; §5.2: it is stuffed too.
                for index in 0..<fcs.octetCount {
                    stuffer.append(UInt8(truncatingIfNeeded: trailer >> (8 * index)), to: &writer)
                }
                writer.append(UInt64(HDLCOctet.flag), count: 8)
            }
        }
    }

    public func encode(_ frame: [UInt8], into bits: inout SyncBitStream) {
        frame.withUnsafeBytes { encode($0, into: &bits) }
    }

    /// RFC 1662 §5.2: "A "0" bit is inserted after all sequences of five contiguous "1" bits",
    /// so no data can look like a flag (six 1s) or an abort (seven).
    private struct Stuffer {
        /// `BitStuffing.stuffing`, for the duration of one `encode`.
        let table: UnsafePointer<UInt32>
        /// The current run of 1s, carried from one octet to the next.
        var ones = 0

        @inline(__always)
        mutating func append(_ octet: UInt8, to writer: inout BitWriter) {
            let entry = table[ones << 8 | Int(octet)]
            writer.append(UInt64(entry & 0xFFFF), count: Int(entry >> 16 & 0xF))
            ones = Int(entry >> 24)
        }

        /// Four octets, the first one sent in the low octet of `word`.
        @inline(__always)
        mutating func append(_ word: UInt32, to writer: inout BitWriter) {
            guard BitStuffing.isPlainData(word, after: ones) else {
                for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: word >> shift), to: &writer) }
                return
            }
            writer.append(UInt64(word), count: 32)
            ones = BitStuffing.trailingOnes(word)
        }
    }
}
