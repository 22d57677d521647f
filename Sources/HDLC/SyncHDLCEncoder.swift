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
        // Each 5 data bits may gain a stuffed 0, plus the two flags.
        bits.reserveCapacity(forAdditionalBits: 16 + (8 * (frame.count + fcs.octetCount) * 6) / 5 + 1)
        bits.appendFlags()
        // The opening flag ends in a 0, so no run of 1s carries over into the frame.
        var ones = 0
        for octet in frame {
            Self.appendStuffed(octet, ones: &ones, to: &bits)
        }
        // RFC 1662 §3.1: the FCS goes least significant octet first; §5.2: it is stuffed too.
        for index in 0..<fcs.octetCount {
            Self.appendStuffed(UInt8(truncatingIfNeeded: trailer >> (8 * index)), ones: &ones, to: &bits)
        }
        bits.appendFlags()
    }

    public func encode(_ frame: [UInt8], into bits: inout SyncBitStream) {
        frame.withUnsafeBytes { encode($0, into: &bits) }
    }

    /// RFC 1662 §5.2: "A "0" bit is inserted after all sequences of five contiguous "1" bits",
    /// so no data can look like a flag (six 1s) or an abort (seven). `ones` carries the current
    /// run of 1s from one octet to the next.
    @inline(__always)
    private static func appendStuffed(_ octet: UInt8, ones: inout Int, to bits: inout SyncBitStream) {
        var stuffed: UInt64 = 0
        var count = 0
        for position in 0..<8 {
            let bit = UInt64(octet >> UInt8(position)) & 1
            stuffed |= bit << UInt64(count)
            count += 1
            if bit == 0 {
                ones = 0
            } else {
                ones += 1
                if ones == 5 {
                    count += 1  // the inserted 0 is already there: `stuffed` starts as zeros
                    ones = 0
                }
            }
        }
        bits.append(bits: stuffed, count: count)
    }
}
