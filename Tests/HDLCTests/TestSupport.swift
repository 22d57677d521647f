import HDLC

/// SplitMix64: a tiny seeded generator, so every "random" test sees the same inputs on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

extension SeededGenerator {
    /// A frame of `length` random octets, biased towards the octets framing must treat specially
    /// (flag, escape, control characters) so that every test run exercises them.
    mutating func frame(length: Int) -> [UInt8] {
        (0..<length).map { _ in
            switch Int.random(in: 0..<4, using: &self) {
            case 0: [0x7E, 0x7D, 0x5E, 0x5D].randomElement(using: &self)!
            case 1: UInt8.random(in: 0..<0x20, using: &self)
            default: UInt8.random(in: 0...255, using: &self)
            }
        }
    }
}

extension AsyncHDLCDecoder {
    /// Decodes `bytes` and returns copies of the frames delivered.
    mutating func frames(from bytes: [UInt8]) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        decode(bytes) { frames.append(Array($0)) }
        return frames
    }
}

extension SyncHDLCDecoder {
    /// Decodes `bytes` and returns copies of the frames delivered.
    mutating func frames(from bytes: [UInt8]) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        decode(bytes) { frames.append(Array($0)) }
        return frames
    }
}

extension AsyncHDLCEncoder {
    func encoded(_ frame: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        encode(frame, into: &output)
        return output
    }
}

/// `frame` with its FCS appended as RFC 1662 §C.2/§C.3 `tryfcs` does, for hand-built line input.
func withFCS(_ frame: [UInt8], _ fcs: FCSKind = .fcs16) -> [UInt8] {
    switch fcs {
    case .fcs16:
        let value = ~FCS16.compute(frame)
        return frame + [UInt8(value & 0xFF), UInt8(value >> 8)]
    case .fcs32:
        let value = ~FCS32.compute(frame)
        return frame + (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

/// An LCP Configure-Request as PPTP carries it: Address, Control, Protocol 0xC021, then the
/// packet (Code 1, Identifier 1, Length 4). Short, and full of octets below 0x20.
let lcpConfigureRequest: [UInt8] = [0xFF, 0x03, 0xC0, 0x21, 0x01, 0x01, 0x00, 0x04]

/// A simulated ISDN B-channel: frames go in as a bit-stuffed stream with flag fill, and the
/// octets of that stream come out.
struct BChannel {
    var stream = SyncBitStream()
    let encoder: SyncHDLCEncoder

    init(fcs: FCSKind = .fcs16) {
        encoder = SyncHDLCEncoder(fcs: fcs)
    }

    mutating func send(_ frame: [UInt8]) {
        encoder.encode(frame, into: &stream)
    }

    /// Idle flags push every bit sent so far into whole octets.
    mutating func idle(flags: Int = 2) {
        stream.appendFlags(flags)
    }
}
