/// The shortcuts both bit-synchronous coders take around zero-bit insertion (RFC 1662 §5.2).
enum BitStuffing {
    /// True when the four octets of `word` (the first one sent in its low octet, each least
    /// significant bit first), after a run of `ones` 1 bits, make no run of five 1s. Such
    /// octets need no inserted 0 on sending, and on receiving hold no inserted 0, flag or
    /// abort, so all their bits are data and go through in one step; the coders test this
    /// before taking octets one at a time.
    @inline(__always)
    static func isPlainData(_ word: UInt32, after ones: Int) -> Bool {
        guard ones < 5 else { return false }
        // The word with the current run of 1s in front of it (below bit 0).
        let bits = UInt64(word) << UInt64(ones) | ((1 << UInt64(ones)) - 1)
        return bits & (bits >> 1) & (bits >> 2) & (bits >> 3) & (bits >> 4) == 0
    }

    /// The same for eight octets. Sixty-four bits and the run in front no longer fit a register,
    /// so the two ways a run of five can form are tested apart: continuing the run carried in
    /// (the word's first bits sent are its low ones), or wholly inside the word.
    @inline(__always)
    static func isPlainData(_ word: UInt64, after ones: Int) -> Bool {
        ones + (~word).trailingZeroBitCount < 5
            && word & (word >> 1) & (word >> 2) & (word >> 3) & (word >> 4) == 0
    }

    /// Copies up to `words` eight-octet words from `source` at `index` to `destination` at
    /// `offset`, each shifted up by `shift` bits (0–63) behind the `carry` bits, for as long as
    /// they are plain data after a run of `ones` 1s (RFC 1662 §5.2): whole words of a frame
    /// with no 0 to insert (encoder) or drop (decoder). Moves `index` and `offset` on by what it
    /// copied and leaves in `carry` the last word's top `shift` bits and in `ones` its run.
    ///
    /// A 64-bit word leaves the count of carried bits as it was, so every store is the same
    /// shift and the loop keeps to registers: the common case in a long frame, both ways.
    @inline(__always)
    static func copyPlainWords(
        from source: UnsafeRawBufferPointer, at index: inout Int, words: Int,
        to destination: UnsafeMutableRawPointer, at offset: inout Int,
        shift: UInt64, carry: inout UInt64, ones: inout Int
    ) {
        let end = index + 8 * words
        while index != end {
            let word = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            guard isPlainData(word, after: ones) else { break }
            destination.storeBytes(of: (carry | word &<< shift).littleEndian, toByteOffset: offset, as: UInt64.self)
            offset &+= 8
            // In two steps so that a shift of 0 carries nothing (one shift by 64 would not).
            carry = (word &>> (63 - shift)) &>> 1
            ones = trailingOnes(word)
            index &+= 8
        }
    }

    /// RFC 1662 §5.2 zero-bit insertion an octet at a time, for octets that need it (payload
    /// that looks random, such as MPPE's, has one in two): entry `256 × ones + octet`, `ones`
    /// (0–4) the run of 1s in front, holds the octet's bits with the 0s inserted (bits 0–9,
    /// first sent in bit 0), how many there are (8–10, bits 16–19) and the run left (bits 24–26).
    static let stuffing: [UInt32] = (0..<5 * 256).map { index in
        var ones = index >> 8
        var stuffed: UInt32 = 0
        var count: UInt32 = 0
        for position in 0..<8 {
            let bit = UInt32(index >> position) & 1
            stuffed |= bit << count
            count += 1
            ones = bit == 0 ? 0 : ones + 1
            if ones == 5 {
                count += 1  // the inserted 0: `stuffed` is zero above its bits
                ones = 0
            }
        }
        return stuffed | count << 16 | UInt32(ones) << 24
    }

    /// The receiving side of `stuffing`: entry `256 × ones + octet`, `ones` (0–5) the run of 1s
    /// in front, holds the octet's data bits with inserted 0s dropped (bits 0–7, first sent in
    /// bit 0), how many there are (6–8, bits 8–11) and the run left (bits 12–14), or
    /// `needsBitByBit` when a run reaches six 1s in it: a flag or an abort, which the decoder
    /// takes a bit at a time.
    static let unstuffing: [UInt16] = (0..<6 * 256).map { index in
        var ones = index >> 8
        var data: UInt16 = 0
        var count: UInt16 = 0
        for position in 0..<8 {
            let bit = UInt16(index >> position) & 1
            if bit == 1 {
                ones += 1
                if ones == 6 { return needsBitByBit }
            } else {
                defer { ones = 0 }
                if ones == 5 { continue }  // inserted by the sender
            }
            data |= bit << count
            count += 1
        }
        return data | count << 8 | UInt16(ones) << 12
    }

    /// In `unstuffing`: the octet holds (part of) a flag or an abort.
    static let needsBitByBit: UInt16 = 0x8000

    /// The octets `unstuffing` leaves to the bit-by-bit path because a run reaches six 1s in
    /// them, for the common case at the end of every frame: entry `256 × ones + octet`, `ones`
    /// (0–6) the run of 1s in front, holds
    /// - the data bits up to the end of a flag (§5.1), or of the octet if none ends in it, with
    ///   inserted 0s dropped and the flag's sixth 1 not among them (bits 0–7), and how many
    ///   (bits 8–11): a frame's data bits and the flag's first six, as the bit-by-bit path
    ///   holds them when it meets the flag's last 0;
    /// - `flagEnds` (bit 12) when a flag's last 0 is in the octet;
    /// - the data bits after that flag (bits 16–22), and how many (bits 24–27);
    /// - the run of 1s left (bits 28–30), 6 when the octet ends in a flag's sixth 1;
    /// or `needsBitByBit` (bit 31) when the octet holds an abort (§5.3: seven 1s), or a second
    /// run of six 1s after the flag (flags sharing a 0, §5.1), which the bit-by-bit path takes.
    static let flagSplitting: [UInt32] = (0..<7 * 256).map { index in
        var ones = index >> 8
        var data: [UInt32] = [0, 0]
        var count: [UInt32] = [0, 0]
        var part = 0
        for position in 0..<8 {
            let bit = UInt32(index >> position) & 1
            if bit == 1 {
                ones += 1
                if ones == 7 || (ones == 6 && part == 1) { return splitNeedsBitByBit }
                if ones == 6 { continue }  // a flag's or an abort's, never data
            } else {
                defer { ones = 0 }
                if ones == 6 {
                    part = 1
                    continue
                }
                if ones == 5 { continue }  // inserted by the sender
            }
            data[part] |= bit << count[part]
            count[part] += 1
        }
        return data[0] | count[0] << 8 | UInt32(part) << 12 | data[1] << 16 | count[1] << 24 | UInt32(ones) << 28
    }

    /// In `flagSplitting`: a flag's last 0 is in the octet.
    static let flagEnds: UInt32 = 1 << 12
    /// In `flagSplitting`: the octet is for the bit-by-bit path.
    static let splitNeedsBitByBit: UInt32 = 1 << 31

    /// The run of 1s that plain data (octet or word) leaves for what follows: its last bits sent
    /// are its most significant.
    @inline(__always)
    static func trailingOnes<Data: FixedWidthInteger & UnsignedInteger>(_ data: Data) -> Int {
        (~data).leadingZeroBitCount
    }
}
