/// The shortcut both bit-synchronous coders take around zero-bit insertion (RFC 1662 §5.2).
enum BitStuffing {
    /// True when `octet`, sent (least significant bit first) after a run of `ones` 1 bits, makes
    /// no run of five 1s. Such an octet needs no inserted 0 on sending, and on receiving holds no
    /// inserted 0, flag or abort, so all its bits are data and go through in one step; most
    /// octets of real payload are like this.
    @inline(__always)
    static func isPlainData(_ octet: UInt8, after ones: Int) -> Bool {
        guard ones < 5 else { return false }
        // The octet with the current run of 1s in front of it (below bit 0).
        let bits = UInt32(octet) << UInt32(ones) | ((1 << UInt32(ones)) - 1)
        return bits & (bits >> 1) & (bits >> 2) & (bits >> 3) & (bits >> 4) == 0
    }

    /// The same for four octets at once, `word` holding the first one sent in its low octet:
    /// the coders take this step first, so plain payload costs a test per four octets.
    @inline(__always)
    static func isPlainData(_ word: UInt32, after ones: Int) -> Bool {
        guard ones < 5 else { return false }
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

    /// The run of 1s that plain data (octet or word) leaves for what follows: its last bits sent
    /// are its most significant.
    @inline(__always)
    static func trailingOnes<Data: FixedWidthInteger & UnsignedInteger>(_ data: Data) -> Int {
        (~data).leadingZeroBitCount
    }
}
