/// Recovers PPP frames from the bit stream of a bit-synchronous line (RFC 1662 §5), fed with the
/// line's octets, each sent least significant bit first (§5.5).
///
/// Flags are found at any bit position, so frames need not start on an octet boundary of the
/// line. Like `AsyncHDLCDecoder`, it unstuffs each frame into one buffer allocated at `init`, and
/// a bad frame is dropped and moves exactly one of `counters`.
public struct SyncHDLCDecoder: Sendable {
    /// Where the decoder is within the bit stream.
    private enum State: Sendable {
        /// Discarding bits up to the next flag: before the first flag, after an abort or idle
        /// 1s, and after an overrun (already counted).
        case hunting
        /// Inside a frame, after its opening flag.
        case receiving
    }

    public let fcs: FCSKind
    /// The longest frame accepted, not counting its FCS; longer ones count as buffer overruns.
    public let maximumFrameLength: Int
    public private(set) var counters = FramingErrorCounters()

    /// Where the decoder stands between two `decode` calls.
    private struct Carried {
        var state = State.hunting
        /// Length of the current run of 1 bits, which tells data, stuffed 0, flag and abort apart.
        var ones = 0
        /// Received data bits not yet stored, oldest in bit 0. The newest six are held back
        /// because until a run of 1s ends they may be the start (0 11111) of the closing flag.
        var held: UInt64 = 0
        var heldCount = 0
        /// Octets of the current frame stored in `buffer`.
        var count = 0
    }

    private var carried = Carried()
    /// Octets of the current frame, FCS included; allocated once.
    private var buffer: [UInt8]

    /// Bits that may turn out to be the start of a flag: its 0 and five 1s.
    private static let flagPrefixBits = 6

    public init(fcs: FCSKind = .fcs16, maximumFrameLength: Int = 1532) {
        precondition(maximumFrameLength >= 0, "maximumFrameLength must not be negative, got \(maximumFrameLength)")
        self.fcs = fcs
        self.maximumFrameLength = maximumFrameLength
        buffer = [UInt8](repeating: 0, count: maximumFrameLength + fcs.octetCount)
    }

    /// Feeds octets of the bit stream; calls `onFrame` for each good frame (FCS removed, zero
    /// bits unstuffed). The buffer passed to `onFrame` is only valid during the call.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, onFrame: (UnsafeRawBufferPointer) -> Void) {
        var carried = self.carried
        var counters = self.counters
        let fcs = self.fcs
        BitStuffing.unstuffing.withUnsafeBufferPointer { unstuffing in
            BitStuffing.flagSplitting.withUnsafeBufferPointer { flagSplitting in
                buffer.withUnsafeMutableBufferPointer { buffer in
                    Self.decode(
                        bytes, into: buffer.baseAddress!, capacity: buffer.count, unstuffing: unstuffing,
                        flagSplitting: flagSplitting, carried: &carried, counters: &counters, fcs: fcs, onFrame: onFrame)
                }
            }
        }
        self.carried = carried
        self.counters = counters
    }

    /// The loop of `decode`, with what it carries in locals: the registers they can live in.
    private static func decode(
        _ bytes: UnsafeRawBufferPointer, into storage: UnsafeMutablePointer<UInt8>, capacity: Int,
        unstuffing: UnsafeBufferPointer<UInt16>, flagSplitting: UnsafeBufferPointer<UInt32>, carried: inout Carried,
        counters: inout FramingErrorCounters, fcs: FCSKind,
        onFrame: (UnsafeRawBufferPointer) -> Void
    ) {
        var state = carried.state
        var ones = carried.ones
        var held = carried.held
        var heldCount = carried.heldCount
        var count = carried.count
        defer { carried = Carried(state: state, ones: ones, held: held, heldCount: heldCount, count: count) }
        var index = 0
        while index < bytes.count {
            // Eight octets of plain data in one step, the common case inside a long frame:
            // the held bits and the word's first ones fill eight octets, and the word's
            // last `heldCount` bits (at least the six a flag may start with) stay held.
            if state == .receiving && heldCount >= Self.flagPrefixBits && bytes.count - index >= 8
                && capacity - count >= 8 {
                let start = index
                let words = min((bytes.count - index) / 8, (capacity - count) / 8)
                BitStuffing.copyPlainWords(
                    from: bytes, at: &index, words: words,
                    to: UnsafeMutableRawPointer(storage), at: &count,
                    shift: UInt64(heldCount), carry: &held, ones: &ones)
                if index != start { continue }
            }
            if state == .receiving && bytes.count - index >= 4 {
                let word = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self))
                if BitStuffing.isPlainData(word, after: ones) {
                    // No run of 1s reaches five in these four octets: all 32 bits are data.
                    index += 4
                    held |= UInt64(word) &<< UInt64(heldCount)
                    heldCount += 32
                    ones = BitStuffing.trailingOnes(word)
                    if heldCount >= 32 + Self.flagPrefixBits && capacity - count >= 4 {
                        // Four octets in one store, the common case once a frame is under way.
                        UnsafeMutableRawPointer(storage + count).storeBytes(
                            of: UInt32(truncatingIfNeeded: held).littleEndian, as: UInt32.self)
                        count += 4
                        held >>= 32
                        heldCount -= 32
                    }
                    while heldCount >= 8 + Self.flagPrefixBits {
                        if !Self.store(&held, &heldCount, into: storage, count: &count, capacity: capacity) {
                            counters.bufferOverruns += 1
                            state = .hunting
                            break
                        }
                    }
                    continue
                }
            }
            if state == .receiving && ones <= 5 {
                // Data and inserted 0s only (no sixth 1 of a flag or abort): one lookup an
                // octet, for the four octets the wider steps above could not take, so that
                // random payload (one octet in two holds a stuffed 0) tries them once per four.
                let start = index
                let end = min(index + 4, bytes.count)
                while index < end && state == .receiving {
                    let entry = unstuffing[ones << 8 | Int(bytes[index])]
                    guard entry & BitStuffing.needsBitByBit == 0 else { break }
                    index += 1
                    held |= UInt64(entry & 0xFF) &<< UInt64(heldCount)
                    heldCount += Int(entry >> 8 & 0xF)
                    ones = Int(entry >> 12 & 0x7)
                    if heldCount >= 8 + Self.flagPrefixBits
                        && !Self.store(&held, &heldCount, into: storage, count: &count, capacity: capacity) {
                        counters.bufferOverruns += 1
                        state = .hunting
                    }
                }
                if index != start { continue }
            }
            if state == .receiving && ones <= 6 {
                // The octet that holds a flag's sixth 1 or its last 0, at the end of every
                // frame: one lookup instead of eight bits, unless it holds an abort or two flags.
                let entry = flagSplitting[ones << 8 | Int(bytes[index])]
                if entry & BitStuffing.splitNeedsBitByBit == 0 {
                    index += 1
                    held |= UInt64(entry & 0xFF) &<< UInt64(heldCount)
                    heldCount += Int(entry >> 8 & 0xF)
                    while heldCount >= 8 + Self.flagPrefixBits {
                        if !Self.store(&held, &heldCount, into: storage, count: &count, capacity: capacity) {
                            counters.bufferOverruns += 1
                            state = .hunting
                            break
                        }
                    }
                    if entry & BitStuffing.flagEnds != 0 {
                        Self.flag(
                            state: &state, count: &count, held: &held, heldCount: &heldCount,
                            next: UInt64(entry >> 16 & 0x7F), nextCount: Int(entry >> 24 & 0xF),
                            storage: storage, fcs: fcs, counters: &counters, onFrame: onFrame)
                    }
                    ones = Int(entry >> 28 & 0x7)
                    continue
                }
            }
            let octet = bytes[index]
            index += 1
            for position in 0..<8 {
                let bit = UInt64(octet >> UInt8(position)) & 1
                if bit == 1 {
                    ones += 1
                    if ones == 7 && state == .receiving {
                        // RFC 1662 §5.3: more than six 1s abort the frame. If nothing but these
                        // 1s followed the flag, it is mark idle (§5.4), not an aborted frame.
                        if 8 * count + heldCount - 5 > 0 {
                            counters.framingErrors += 1
                        }
                        state = .hunting
                    }
                    // A sixth 1 is part of a flag or an abort, never data.
                    if ones > 5 || state == .hunting { continue }
                } else {
                    defer { ones = 0 }
                    if ones == 6 {  // RFC 1662 §5.1: 01111110 is a flag
                        Self.flag(
                            state: &state, count: &count, held: &held, heldCount: &heldCount, next: 0, nextCount: 0,
                            storage: storage, fcs: fcs, counters: &counters, onFrame: onFrame)
                        continue
                    }
                    // RFC 1662 §5.2: a 0 after five 1s was inserted by the sender; drop it.
                    if ones == 5 || state == .hunting { continue }
                }
                held |= bit &<< UInt64(heldCount)
                heldCount += 1
                if heldCount >= 8 + Self.flagPrefixBits
                    && !Self.store(&held, &heldCount, into: storage, count: &count, capacity: capacity) {
                    counters.bufferOverruns += 1
                    state = .hunting
                }
            }
        }
    }

    public mutating func decode(_ bytes: [UInt8], onFrame: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { decode($0, onFrame: onFrame) }
    }

    /// Moves the oldest eight held bits into the frame buffer, keeping the newest six (they may
    /// be the start of the closing flag). False when the buffer is full: the frame is longer than
    /// maximumFrameLength plus FCS, a buffer overrun; the caller counts it once and drops the
    /// rest of the frame.
    @inline(__always)
    private static func store(
        _ held: inout UInt64, _ heldCount: inout Int,
        into storage: UnsafeMutablePointer<UInt8>, count: inout Int, capacity: Int
    ) -> Bool {
        guard count < capacity else { return false }
        storage[count] = UInt8(truncatingIfNeeded: held)
        count += 1
        held >>= 8
        heldCount -= 8
        return true
    }

    /// RFC 1662 §5.1, §5.4: a flag ends the frame being received, if any, and begins the next,
    /// whose first `nextCount` data bits (those after the flag in its octet) are `next`.
    @inline(__always)
    private static func flag(
        state: inout State, count: inout Int, held: inout UInt64, heldCount: inout Int, next: UInt64, nextCount: Int,
        storage: UnsafeMutablePointer<UInt8>, fcs: FCSKind, counters: inout FramingErrorCounters,
        onFrame: (UnsafeRawBufferPointer) -> Void
    ) {
        if state == .receiving {
            close(
                storage: storage, count: count, dataBits: heldCount - flagPrefixBits, fcs: fcs, counters: &counters,
                onFrame: onFrame)
        }
        state = .receiving
        count = 0
        held = next
        heldCount = nextCount
    }

    /// Judges what arrived between two flags: `count` stored octets plus `dataBits` (which may be
    /// negative by one for a shared-zero flag, §5.1) not yet making an octet.
    private static func close(
        storage: UnsafeMutablePointer<UInt8>,
        count: Int,
        dataBits: Int,
        fcs: FCSKind,
        counters: inout FramingErrorCounters,
        onFrame: (UnsafeRawBufferPointer) -> Void
    ) {
        // RFC 1662 §3.1: consecutive flags, even sharing a 0, make an empty frame: idle fill.
        if count == 0 && dataBits <= 0 { return }
        // A frame is a whole number of octets: bits left over mean a bit was lost, gained, or a
        // flag was faked by noise.
        if dataBits != 0 {
            counters.alignmentErrors += 1
            return
        }
        ReceivedFrame.close(UnsafeRawBufferPointer(start: storage, count: count), fcs: fcs, counters: &counters, onFrame: onFrame)
    }
}
