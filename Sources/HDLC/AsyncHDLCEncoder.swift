/// Frames PPP frames for an asynchronous (octet-stuffed) line: flag, escaped frame and FCS, flag
/// (RFC 1662 §4).
///
/// Stateless apart from its settings, so one value can be copied to wherever frames are sent.
/// It appends to the caller's array and allocates nothing once that array has grown to hold a
/// frame: the caller reuses it with `removeAll(keepingCapacity: true)`.
public struct AsyncHDLCEncoder: Sendable {
    /// RFC 1662 §7.1: control characters (bit n for octet n) the peer wants escaped; set by the
    /// PNS through Set-Link-Info (RFC 2637 §2.15). Defaults to all 32.
    public var sendACCM: UInt32 {
        didSet { escapes = OctetTable.escapes(sendACCM: sendACCM) }
    }
    public let fcs: FCSKind
    /// 1 for each octet to escape, from `sendACCM`.
    private var escapes: [UInt8]

    public init(sendACCM: UInt32 = 0xFFFF_FFFF, fcs: FCSKind = .fcs16) {
        self.sendACCM = sendACCM
        self.fcs = fcs
        escapes = OctetTable.escapes(sendACCM: sendACCM)
    }

    /// Appends flag, escaped frame + FCS, flag.
    ///
    /// `frame` is the PPP frame as PPTP carries it in GRE: the Address and Control fields are left
    /// exactly as given, the framer neither adds nor strips FF 03. An opening flag is always sent,
    /// because the encoder cannot know whether the line went idle since the last frame (§4.4.2).
    public func encode(_ frame: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        let trailer = fcs.trailer(for: frame)
        let trailerCount = fcs.octetCount
        // Every octet may need escaping, plus the two flags.
        let worstCase = 2 + 2 * (frame.count + trailerCount)
        let start = output.count
        if output.capacity - start < worstCase {
            output.reserveCapacity(Swift.max(start + worstCase, 2 * output.capacity))
        }
        output.append(contentsOf: repeatElement(0, count: worstCase))
        let wordAtATime = sendACCM == 0
        let written = escapes.withUnsafeBufferPointer { escapes in
            output.withUnsafeMutableBufferPointer { buffer in
                Self.write(
                    frame, trailer: trailer, trailerCount: trailerCount, escapes: escapes.baseAddress!,
                    wordAtATime: wordAtATime, to: buffer.baseAddress! + start)
            }
        }
        output.removeLast(worstCase - written)
    }

    public func encode(_ frame: [UInt8], into output: inout [UInt8]) {
        frame.withUnsafeBytes { encode($0, into: &output) }
    }

    /// Writes flag, escaped frame and trailer, flag at `first`; returns how many octets it wrote.
    private static func write(
        _ frame: UnsafeRawBufferPointer,
        trailer: UInt32,
        trailerCount: Int,
        escapes: UnsafePointer<UInt8>,
        wordAtATime: Bool,
        to first: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var next = first
        // RFC 1662 §4.1: the Flag Sequence opens the frame.
        next.pointee = HDLCOctet.flag
        next += 1
        var index = 0
        if wordAtATime {
            // ACCM 0: eight octets without flag or escape go out as they are.
            while frame.count - index >= 8 {
                let word = frame.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if OctetWord.containsFlagOrEscape(word) {
                    for offset in 0..<8 {
                        next = put(frame[index + offset], at: next, escapes: escapes)
                    }
                } else {
                    UnsafeMutableRawPointer(next).storeBytes(of: word, as: UInt64.self)
                    next += 8
                }
                index += 8
            }
        }
        for octet in UnsafeRawBufferPointer(rebasing: frame[index...]) {
            next = put(octet, at: next, escapes: escapes)
        }
        // RFC 1662 §3.1: the FCS goes least significant octet first, escaped like the data.
        for index in 0..<trailerCount {
            next = put(UInt8(truncatingIfNeeded: trailer >> (8 * index)), at: next, escapes: escapes)
        }
        // RFC 1662 §4.1: and closes it.
        next.pointee = HDLCOctet.flag
        next += 1
        return next - first
    }

    /// Writes `octet`, escaped when it must be, and returns where the next octet goes.
    ///
    /// Branch-free: it always writes two octets and advances by one or two, so random payload
    /// (about one octet in eight escaped) costs no mispredicted branches. The spare second
    /// octet is overwritten by the next one, or trimmed with the rest of the worst-case room.
    @inline(__always)
    private static func put(_ octet: UInt8, at position: UnsafeMutablePointer<UInt8>, escapes: UnsafePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        // RFC 1662 §4.2: escaping is the Control Escape, then the octet XOR 0x20.
        let escape = escapes[Int(octet)]
        position[0] = escape != 0 ? HDLCOctet.controlEscape : octet
        position[1] = octet ^ HDLCOctet.escapeMask
        return position + 1 + Int(escape)
    }
}
