/// Recovers PPP frames from the characters of an asynchronous (octet-stuffed) line (RFC 1662 §4).
///
/// Feed it whatever the line delivers, in pieces of any size; frames may span calls. Each frame
/// is unescaped into one buffer allocated at `init` and sized for `maximumFrameLength` plus FCS,
/// so decoding allocates nothing, however long or hostile the input. A bad frame is dropped,
/// moves exactly one of `counters`, and decoding resumes at the next flag.
public struct AsyncHDLCDecoder: Sendable {
    /// RFC 1662 §7.1: control characters (bit n for octet n) to drop when they arrive unescaped;
    /// set by the PNS through Set-Link-Info (RFC 2637 §2.15). Defaults to all 32.
    public var receiveACCM: UInt32 {
        didSet { classes = OctetTable.received(receiveACCM: receiveACCM) }
    }
    public let fcs: FCSKind
    /// The longest frame accepted, not counting its FCS; longer ones count as buffer overruns.
    public let maximumFrameLength: Int
    public private(set) var counters = FramingErrorCounters()

    /// The class of each octet value, from `receiveACCM`.
    private var classes: [UInt8]
    /// Where the decoder is between two calls to `decode`.
    private var progress = Progress()
    /// Octets of the current frame, unescaped, FCS included; allocated once, with one spare
    /// octet at the end so that the loop may store every octet before deciding to keep it.
    private var buffer: [UInt8]

    public init(receiveACCM: UInt32 = 0xFFFF_FFFF, fcs: FCSKind = .fcs16, maximumFrameLength: Int = 1532) {
        precondition(maximumFrameLength >= 0, "maximumFrameLength must not be negative, got \(maximumFrameLength)")
        self.receiveACCM = receiveACCM
        self.fcs = fcs
        self.maximumFrameLength = maximumFrameLength
        classes = OctetTable.received(receiveACCM: receiveACCM)
        buffer = [UInt8](repeating: 0, count: maximumFrameLength + fcs.octetCount + 1)
    }

    /// Feeds received async characters; calls `onFrame` for each good frame (FCS removed,
    /// unescaped). The buffer passed to `onFrame` is only valid during the call.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, onFrame: (UnsafeRawBufferPointer) -> Void) {
        let fcs = self.fcs
        let wordAtATime = receiveACCM == 0
        var progress = self.progress
        var counters = self.counters
        classes.withUnsafeBufferPointer { classes in
            buffer.withUnsafeMutableBufferPointer { buffer in
                Self.scan(
                    bytes, into: buffer.baseAddress!, capacity: buffer.count - 1, classes: classes.baseAddress!,
                    wordAtATime: wordAtATime, fcs: fcs, progress: &progress, counters: &counters, onFrame: onFrame)
            }
        }
        self.progress = progress
        self.counters = counters
    }

    public mutating func decode(_ bytes: [UInt8], onFrame: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { decode($0, onFrame: onFrame) }
    }

    /// The decoder's position in the character stream.
    private struct Progress {
        /// Discarding everything up to the next flag: before the first flag ever seen (those
        /// bytes belong to no frame we saw begin), and after an overrun (already counted).
        var hunting = true
        /// 1 when the last octet kept was a Control Escape, so the next data octet is XORed with
        /// 0x20 (RFC 1662 §4.2); an integer so the loop can compute with it without branching.
        var escaped: UInt8 = 0
        /// How many octets of the buffer the current frame holds.
        var count = 0
    }

    /// The per-octet loop over one call's bytes: flags, aborts, inserted control characters and
    /// hunting are handled here, one octet at a time; runs of frame octets go to `unescapeRun`.
    private static func scan(
        _ bytes: UnsafeRawBufferPointer,
        into storage: UnsafeMutablePointer<UInt8>,
        capacity: Int,
        classes: UnsafePointer<UInt8>,
        wordAtATime: Bool,
        fcs: FCSKind,
        progress: inout Progress,
        counters: inout FramingErrorCounters,
        onFrame: (UnsafeRawBufferPointer) -> Void
    ) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let end = bytes.count
        var index = 0
        while index < end {
            if !progress.hunting {
                index = unescapeRun(
                    base, from: index, to: end, classes: classes, wordAtATime: wordAtATime,
                    into: storage, capacity: capacity, count: &progress.count, escaped: &progress.escaped)
                if progress.count > capacity {
                    // Longer than maximumFrameLength plus FCS: count once, drop the rest of it.
                    counters.bufferOverruns += 1
                    progress = Progress(hunting: true, escaped: 0, count: 0)
                    continue
                }
                if index == end { break }
                // It may have stopped only because the room it checks in one go ran out.
                if classes[Int(base[index])] & OctetTable.uncommon == 0 { continue }
            }
            let octet = base[index]
            index += 1
            guard octet == HDLCOctet.flag else {
                // Hunting, or (RFC 1662 §4.2, §7.1) a mapped control character that arrived
                // unescaped: it was inserted on the way (e.g. XON/XOFF by a modem) and is dropped
                // before anything else, even between a Control Escape and the octet it escapes.
                continue
            }
            if progress.escaped != 0 {
                // RFC 1662 §4.2, §4.3: Control Escape followed by the Flag Sequence aborts the
                // frame: the sender gave up on it.
                counters.framingErrors += 1
            } else if !progress.hunting {
                ReceivedFrame.close(
                    UnsafeRawBufferPointer(start: storage, count: progress.count),
                    fcs: fcs, counters: &counters, onFrame: onFrame)
            }
            // RFC 1662 §4.4.2: a flag both ends one frame and begins the next.
            progress = Progress(hunting: false, escaped: 0, count: 0)
        }
    }

    /// Unescapes frame octets into `storage` until an uncommon octet (flag or inserted control
    /// character, left for `scan`), the end, or as many octets as there is room left plus one
    /// (so `count > capacity` tells an overrun); returns where it stopped. Kept apart so that its
    /// few variables stay in registers, and free of branches that depend on the octets: random
    /// payload escapes about one octet in eight. With a receive ACCM of 0 (`wordAtATime`) it
    /// copies eight plain octets at a time.
    @inline(never)
    private static func unescapeRun(
        _ base: UnsafePointer<UInt8>,
        from start: Int,
        to end: Int,
        classes: UnsafePointer<UInt8>,
        wordAtATime: Bool,
        into storage: UnsafeMutablePointer<UInt8>,
        capacity: Int,
        count: inout Int,
        escaped: inout UInt8
    ) -> Int {
        var index = start
        var stored = count
        var escaping = escaped
        // Each octet adds at most one to `stored`: stopping one octet past the room left lets the
        // loop skip a check per octet.
        let end = min(end, index + (capacity + 1 - stored))
        while index < end {
            if wordAtATime && escaping == 0 && end - index >= 8 && capacity - stored >= 8 {
                // Receive ACCM 0: eight octets without flag or escape are frame octets as they are.
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if !OctetWord.containsFlagOrEscape(word) {
                    UnsafeMutableRawPointer(storage + stored).storeBytes(of: word, as: UInt64.self)
                    index += 8
                    stored += 8
                    continue
                }
            }
            let octet = base[index]
            let octetClass = classes[Int(octet)]
            if octetClass & OctetTable.uncommon != 0 { break }
            index += 1
            // RFC 1662 §4.2: a Control Escape is removed and the octet after it is restored by
            // XOR 0x20; an escaped 0x7D is data. Every octet is stored (the buffer has a spare
            // one at the end), then kept by advancing `stored`, or overwritten by the next.
            let startsEscape = (octetClass >> 1) & (escaping ^ 1)
            storage[stored] = octet ^ (escaping << 5)
            stored &+= Int(startsEscape ^ 1)
            escaping = startsEscape
        }
        count = stored
        escaped = escaping
        return index
    }
}
