/// The bit stream of a bit-synchronous line (an ISDN B-channel), packed into octets in the order
/// the bits are sent: the first bit on the line is bit 0 of `octets[0]`, because HDLC sends every
/// octet least significant bit first (RFC 1662 §5.5).
///
/// After zero-bit insertion, frames no longer fill whole octets, so the bits that do not yet make
/// an octet stay pending until more bits (the next frame or idle flags) follow. A line carries
/// `octets`, then empties it with `octets.removeAll(keepingCapacity: true)`; a simulated line
/// impairs it with `flipBit(at:)`.
public struct SyncBitStream: Sendable, Hashable {
    /// The complete octets of the stream, oldest first.
    public var octets: [UInt8]
    /// Bits after the last complete octet, the oldest in bit 0.
    private var pending: UInt64 = 0
    /// How many bits `pending` holds, always fewer than 8 between calls.
    public private(set) var pendingBitCount = 0

    public init(octets: [UInt8] = []) {
        self.octets = octets
    }

    /// All bits in the stream, complete octets and pending bits.
    public var bitCount: Int {
        8 * octets.count + pendingBitCount
    }

    /// RFC 1662 §5.1, §5.4: appends `count` Flag Sequences, the time fill between frames. After
    /// enough of them every bit of the frames before is in `octets`.
    public mutating func appendFlags(_ count: Int = 1) {
        for _ in 0..<count {
            append(bits: UInt64(HDLCOctet.flag), count: 8)
        }
    }

    /// Appends the low `count` bits of `bits`, bit 0 first, exactly as given: no zero-bit
    /// insertion. The encoders use it for stuffed data; tests and simulated lines use it to put
    /// aborts (seven or more 1s, RFC 1662 §5.3) or noise on the line.
    public mutating func append(bits: UInt64, count: Int) {
        precondition((0...56).contains(count), "append(bits:count:) takes 0 to 56 bits at a time, got \(count)")
        pending |= (bits & ((1 << UInt64(count)) &- 1)) << UInt64(pendingBitCount)
        pendingBitCount += count
        // One `append` per octet: for the few octets of one call it costs less than a bulk
        // append of a buffer (profiled, docs/performance.md).
        while pendingBitCount >= 8 {
            octets.append(UInt8(truncatingIfNeeded: pending))
            pending >>= 8
            pendingBitCount -= 8
        }
    }

    /// Appends at most `maximumBits` bits through `body`, which writes them straight into the
    /// stream's storage eight octets at a time: the encoder's path, one call per frame.
    mutating func appendBits(atMost maximumBits: Int, _ body: (inout BitWriter) -> Void) {
        // Room for every bit, plus one word: a writer's eight-octet store may reach past the
        // last octet it keeps.
        let room = (pendingBitCount + maximumBits) / 8 + 1 + MemoryLayout<UInt64>.size
        reserveCapacity(forAdditionalBits: 8 * room)
        let start = octets.count
        octets.append(contentsOf: repeatElement(0, count: room))
        var writer = BitWriter(pending: pending, pendingCount: pendingBitCount)
        octets.withUnsafeMutableBytes { storage in
            writer.base = storage.baseAddress! + start
            body(&writer)
        }
        precondition(writer.written <= room - MemoryLayout<UInt64>.size, "appendBits wrote more than \(maximumBits) bits")
        octets.removeLast(room - writer.written)
        pending = writer.pending
        pendingBitCount = writer.pendingCount
    }

    /// Inverts the bit sent `index`-th (0 is bit 0 of `octets[0]`), as line noise would.
    public mutating func flipBit(at index: Int) {
        precondition((0..<(8 * octets.count)).contains(index), "bit \(index) is not in the \(octets.count) complete octets")
        octets[index / 8] ^= 1 << UInt8(index % 8)
    }

    /// Makes room for `additionalBits` more bits, growing geometrically so that encoding frame
    /// after frame into one stream stays linear and a reused stream stops allocating.
    mutating func reserveCapacity(forAdditionalBits additionalBits: Int) {
        let needed = octets.count + (pendingBitCount + additionalBits) / 8 + 1
        if octets.capacity < needed {
            octets.reserveCapacity(Swift.max(needed, 2 * octets.capacity))
        }
    }
}

/// Writes bits into storage that `SyncBitStream.appendBits` made room for, the oldest bit in
/// bit 0 of each octet, as the stream packs them.
struct BitWriter {
    fileprivate var base: UnsafeMutableRawPointer?
    /// Complete octets written.
    fileprivate(set) var written = 0
    /// Bits not yet making an octet, the oldest in bit 0; fewer than 8 between calls.
    fileprivate(set) var pending: UInt64
    fileprivate(set) var pendingCount: Int

    fileprivate init(pending: UInt64, pendingCount: Int) {
        self.pending = pending
        self.pendingCount = pendingCount
    }

    /// Appends the eight-octet words of `frame` from `index` on, each in one store, for as long
    /// as they need no inserted 0 after a run of `ones` 1s (`BitStuffing.copyPlainWords`).
    /// Returns where it stopped, at a word that may need stuffing or fewer than eight octets
    /// from the end, with `ones` the run the last word left.
    @inline(__always)
    mutating func appendPlainWords(of frame: UnsafeRawBufferPointer, from index: Int, ones: inout Int) -> Int {
        var index = index
        let words = (frame.count - index) / 8
        BitStuffing.copyPlainWords(
            from: frame, at: &index, words: words, to: base!, at: &written,
            shift: UInt64(pendingCount), carry: &pending, ones: &ones)
        return index
    }

    /// Appends the low `count` (at most 56) bits of `bits`, bit 0 first; the bits above them
    /// must be 0. With fewer than 8 bits pending, every shift below stays under 64, so none
    /// needs the check a shift by a variable amount otherwise gets.
    @inline(__always)
    mutating func append(_ bits: UInt64, count: Int) {
        pending |= bits &<< UInt64(pendingCount)
        pendingCount += count
        guard pendingCount >= 8 else { return }
        base!.storeBytes(of: pending.littleEndian, toByteOffset: written, as: UInt64.self)
        let whole = pendingCount &>> 3
        written += whole
        pending = pending &>> UInt64(8 * whole)
        pendingCount &= 7
    }
}
