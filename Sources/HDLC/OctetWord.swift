/// Tests on eight octets at once, for the common case of an ACCM of 0 (what PPP usually
/// negotiates, RFC 1662 §7.1): then only the Flag Sequence and the Control Escape are special,
/// and a run of eight octets holding neither passes through framing unchanged.
enum OctetWord {
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// True when any octet of `word` is 0x7E or 0x7D (RFC 1662 §4.1, §4.2).
    @inline(__always)
    static func containsFlagOrEscape(_ word: UInt64) -> Bool {
        hasZeroOctet(word ^ (lowBits &* UInt64(HDLCOctet.flag)))
            || hasZeroOctet(word ^ (lowBits &* UInt64(HDLCOctet.controlEscape)))
    }

    /// The classic test for a zero octet in a word: subtracting 1 from each octet borrows into
    /// its high bit only where the octet was 0 (or the borrow came from a lower zero octet).
    @inline(__always)
    private static func hasZeroOctet(_ word: UInt64) -> Bool {
        (word &- lowBits) & ~word & highBits != 0
    }
}
