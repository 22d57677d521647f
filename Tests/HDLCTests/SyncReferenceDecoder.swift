import HDLC

/// RFC 1662 §5 read the plainest way, a bit at a time, with `SyncHDLCDecoder`'s rules for what
/// it counts: the reference its word, table and flag shortcuts are checked against. FCS-16.
struct SyncReferenceDecoder {
    /// Octets a frame may hold, FCS included; more is a buffer overrun.
    let capacity: Int
    private(set) var counters = FramingErrorCounters()
    private(set) var frames: [[UInt8]] = []
    private var hunting = true
    private var ones = 0
    /// Bits since the last flag that were not inserted 0s or sixth 1s.
    private var bits: [UInt8] = []

    init(maximumFrameLength: Int) {
        capacity = maximumFrameLength + 2
    }

    mutating func decode(_ octets: [UInt8]) {
        for octet in octets {
            for position in 0..<8 { take(octet >> UInt8(position) & 1) }  // §5.5: LSB first
        }
    }

    private mutating func take(_ bit: UInt8) {
        if bit == 1 {
            ones += 1
            if ones == 7 && !hunting {
                // §5.3 abort; only the 1s after a flag are mark idle (§5.4).
                if bits.count > 5 { counters.framingErrors += 1 }
                hunting = true
            }
            if ones > 5 || hunting { return }
        } else {
            defer { ones = 0 }
            if ones == 6 {  // §5.1 flag: the 0 and five 1s before it are in `bits`
                if !hunting { close(frameBits: bits.count - 6) }
                hunting = false
                bits = []
                return
            }
            if ones == 5 || hunting { return }  // §5.2 inserted 0
        }
        bits.append(bit)
        // The decoder keeps the last six bits back (a flag may start with them), so a frame
        // overruns when a whole octet more than fits has come, and six bits beyond.
        if bits.count == 8 * capacity + 14 {
            counters.bufferOverruns += 1
            hunting = true
        }
    }

    private mutating func close(frameBits: Int) {
        guard frameBits > 0 else { return }  // consecutive flags, even sharing a 0 (§3.1, §5.1)
        guard frameBits % 8 == 0 else {
            counters.alignmentErrors += 1
            return
        }
        let octets = (0..<frameBits / 8).map { index in
            (0..<8).reduce(UInt8(0)) { $0 | bits[8 * index + $1] << UInt8($1) }
        }
        guard octets.count >= 4 else {  // runt (§4.3)
            counters.alignmentErrors += 1
            return
        }
        guard FCS16.compute(octets) == FCS16.goodResidue else {
            counters.crcErrors += 1
            return
        }
        frames.append(Array(octets.dropLast(2)))
    }
}
