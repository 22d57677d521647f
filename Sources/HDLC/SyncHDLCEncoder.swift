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
    ///
    /// Without `openingFlag` the frame starts at once: for a stream that already ends in a flag,
    /// which then both ends the last frame and opens this one (RFC 1662 §3.1: "Only one Flag
    /// Sequence is required between two frames").
    public func encode(_ frame: UnsafeRawBufferPointer, into bits: inout SyncBitStream, openingFlag: Bool = true) {
        let trailer = fcs.trailer(for: frame)
        let trailerOctets = fcs.octetCount
        BitStuffing.stuffing.withUnsafeBufferPointer { stuffing in
            // Each 5 data bits may gain a stuffed 0, plus at most two flags.
            bits.appendBits(atMost: 16 + (8 * (frame.count + trailerOctets) * 6) / 5 + 1) { writer in
                if openingFlag { writer.append(UInt64(HDLCOctet.flag), count: 8) }
                Self.stuff(frame, trailer: trailer, trailerOctets: trailerOctets, table: stuffing.baseAddress!, into: &writer)
                writer.append(UInt64(HDLCOctet.flag), count: 8)
            }
        }
    }

    public func encode(_ frame: [UInt8], into bits: inout SyncBitStream, openingFlag: Bool = true) {
        frame.withUnsafeBytes { encode($0, into: &bits, openingFlag: openingFlag) }
    }

    /// RFC 1662 §5.2: "A "0" bit is inserted after all sequences of five contiguous "1" bits",
    /// so no data can look like a flag (six 1s) or an abort (seven). Frame, then FCS.
    ///
    /// The loop of `encode`, with the writer in a local and every step inlined: the registers
    /// it can live in. Eight octets at a time when they cannot hold a run of five 1s (whole
    /// runs of such words in one loop, `BitWriter.appendPlainWords`), else four, else one
    /// octet through `BitStuffing.stuffing`.
    private static func stuff(
        _ frame: UnsafeRawBufferPointer, trailer: UInt32, trailerOctets: Int, table: UnsafePointer<UInt32>,
        into writer: inout BitWriter
    ) {
        // The opening flag ends in a 0, so no run of 1s carries over into the frame.
        var stuffer = Stuffer(writer: writer, table: table)
        var index = 0
        while frame.count - index >= 8 {
            let word = UInt64(littleEndian: frame.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            if BitStuffing.isPlainData(word, after: stuffer.ones) {
                // This word and the plain ones after it, in one loop.
                index = stuffer.writer.appendPlainWords(of: frame, from: index, ones: &stuffer.ones)
            } else {
                stuffer.append(UInt32(truncatingIfNeeded: word))
                stuffer.append(UInt32(truncatingIfNeeded: word >> 32))
                index += 8
            }
        }
        if frame.count - index >= 4 {
            stuffer.append(UInt32(littleEndian: frame.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
            index += 4
        }
        while index < frame.count {
            stuffer.append(frame[index])
            index += 1
        }
        // RFC 1662 §3.1: the FCS goes least significant octet first; §5.2: it is stuffed too.
        for octet in 0..<trailerOctets {
            stuffer.append(UInt8(truncatingIfNeeded: trailer >> (8 * octet)))
        }
        writer = stuffer.writer
    }

    /// A writer and the run of 1s it has just written.
    private struct Stuffer {
        var writer: BitWriter
        /// `BitStuffing.stuffing`, for the duration of one `encode`.
        let table: UnsafePointer<UInt32>
        /// The current run of 1s, carried from one octet to the next.
        var ones = 0

        init(writer: BitWriter, table: UnsafePointer<UInt32>) {
            self.writer = writer
            self.table = table
        }

        @inline(__always)
        mutating func append(_ octet: UInt8) {
            let entry = table[ones << 8 | Int(octet)]
            writer.append(UInt64(entry & 0xFFFF), count: Int(entry >> 16 & 0xF))
            ones = Int(entry >> 24)
        }

        /// Four octets, the first one sent in the low octet of `word`.
        @inline(__always)
        mutating func append(_ word: UInt32) {
            guard BitStuffing.isPlainData(word, after: ones) else {
                // Written out, not a loop: a loop here kept this method out of line.
                append(UInt8(truncatingIfNeeded: word))
                append(UInt8(truncatingIfNeeded: word >> 8))
                append(UInt8(truncatingIfNeeded: word >> 16))
                append(UInt8(truncatingIfNeeded: word >> 24))
                return
            }
            writer.append(UInt64(word), count: 32)
            ones = BitStuffing.trailingOnes(word)
        }
    }
}
