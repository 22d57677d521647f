/// Recovers PPP frames from the characters of an asynchronous (octet-stuffed) line (RFC 1662 §4).
///
/// Feed it whatever the line delivers, in pieces of any size; frames may span calls. Each frame
/// is unescaped into one buffer allocated at `init` and sized for `maximumFrameLength` plus FCS,
/// so decoding allocates nothing, however long or hostile the input. A bad frame is dropped,
/// moves exactly one of `counters`, and decoding resumes at the next flag.
public struct AsyncHDLCDecoder: Sendable {
    /// Where the decoder is within the character stream.
    private enum State: Sendable {
        /// Discarding everything up to the next flag: before the first flag ever seen (the bytes
        /// belong to no frame we saw begin), and after an overrun (already counted).
        case hunting
        /// Inside a frame, after its opening flag; the next octet is data, an escape or a flag.
        case receiving
        /// Inside a frame, just after a Control Escape: the next data octet is XORed with 0x20.
        case escaped
    }

    /// RFC 1662 §7.1: control characters (bit n for octet n) to drop when they arrive unescaped;
    /// set by the PNS through Set-Link-Info (RFC 2637 §2.15). Defaults to all 32.
    public var receiveACCM: UInt32
    public let fcs: FCSKind
    /// The longest frame accepted, not counting its FCS; longer ones count as buffer overruns.
    public let maximumFrameLength: Int
    public private(set) var counters = FramingErrorCounters()

    private var state = State.hunting
    /// Octets of the current frame, unescaped, FCS included; allocated once.
    private var buffer: [UInt8]
    /// How many octets of `buffer` the current frame holds.
    private var count = 0

    public init(receiveACCM: UInt32 = 0xFFFF_FFFF, fcs: FCSKind = .fcs16, maximumFrameLength: Int = 1532) {
        precondition(maximumFrameLength >= 0, "maximumFrameLength must not be negative, got \(maximumFrameLength)")
        self.receiveACCM = receiveACCM
        self.fcs = fcs
        self.maximumFrameLength = maximumFrameLength
        buffer = [UInt8](repeating: 0, count: maximumFrameLength + fcs.octetCount)
    }

    /// Feeds received async characters; calls `onFrame` for each good frame (FCS removed,
    /// unescaped). The buffer passed to `onFrame` is only valid during the call.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, onFrame: (UnsafeRawBufferPointer) -> Void) {
        // Work on locals so the loop keeps them in registers and `self` is not accessed while
        // `buffer` is borrowed.
        var state = self.state
        var count = self.count
        var counters = self.counters
        let accm = receiveACCM
        let fcs = self.fcs
        buffer.withUnsafeMutableBufferPointer { buffer in
            let storage = buffer.baseAddress!
            let capacity = buffer.count
            for var octet in bytes {
                if octet == HDLCOctet.flag {
                    switch state {
                    case .receiving:
                        ReceivedFrame.close(
                            UnsafeRawBufferPointer(start: storage, count: count),
                            fcs: fcs, counters: &counters, onFrame: onFrame)
                    case .escaped:
                        // RFC 1662 §4.2, §4.3: Control Escape followed by the Flag Sequence
                        // aborts the frame: the sender gave up on it.
                        counters.framingErrors += 1
                    case .hunting:
                        break
                    }
                    // RFC 1662 §4.4.2: a flag both ends one frame and begins the next.
                    state = .receiving
                    count = 0
                    continue
                }
                // RFC 1662 §4.2, §7.1: a mapped control character that arrives unescaped was
                // inserted on the way (e.g. XON/XOFF by a modem); drop it before anything else,
                // even between a Control Escape and the octet it escapes.
                if accm.maps(octet) { continue }
                switch state {
                case .hunting:
                    continue
                case .escaped:
                    // RFC 1662 §4.2: the escaped octet is restored by XOR 0x20.
                    octet ^= HDLCOctet.escapeMask
                    state = .receiving
                case .receiving:
                    if octet == HDLCOctet.controlEscape {
                        state = .escaped
                        continue
                    }
                }
                guard count < capacity else {
                    // Longer than maximumFrameLength plus FCS: count once, drop the rest of it.
                    counters.bufferOverruns += 1
                    state = .hunting
                    continue
                }
                storage[count] = octet
                count += 1
            }
        }
        self.state = state
        self.count = count
        self.counters = counters
    }

    public mutating func decode(_ bytes: [UInt8], onFrame: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { decode($0, onFrame: onFrame) }
    }
}
