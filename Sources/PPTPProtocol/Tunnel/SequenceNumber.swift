/// Serial-number comparisons on 32-bit GRE sequence and acknowledgment numbers.
///
/// RFC 2637 §4.1 numbers each payload packet of a session consecutively from zero, so after
/// 2³² packets the numbers wrap; "lower or equal" (§4.2.5) and "higher" (§4.3) must therefore be
/// read on the circle, as RFC 1982 does: `a` precedes `b` when `b` is less than 2³¹ steps ahead.
enum SequenceNumber {
    /// Steps from `a` forward to `b`, as a signed distance: positive when `b` follows `a`.
    static func distance(from a: UInt32, to b: UInt32) -> Int32 {
        Int32(bitPattern: b &- a)
    }

    /// True when `a` comes before `b` in sequence (wrap-around aware).
    static func precedes(_ a: UInt32, _ b: UInt32) -> Bool {
        distance(from: a, to: b) > 0
    }
}
