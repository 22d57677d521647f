import HDLC
import LineHAL
import Testing

@testable import SimulatedLines

@Suite("Line framer: what one end of a simulated call puts on the wire")
struct LineFramerTests {
    private static let frames = (1...3).map { pppFrame(length: 40 * $0, tag: UInt8($0)) }

    private static func decode(_ characters: [UInt8], framing: Framing) -> [[UInt8]] {
        var receiver = LineFramer(framing: framing, accm: .default)
        var decoded: [[UInt8]] = []
        characters.withUnsafeBytes { receiver.decode($0) { decoded.append(Array($0)) } }
        return decoded
    }

    @Test("frames encoded into an output that is never emptied follow one another on it", arguments: Framing.allCases)
    func appends(framing: Framing) {
        var sender = LineFramer(framing: framing, accm: .default)
        var output: [UInt8] = []
        for frame in Self.frames { frame.withUnsafeBytes { sender.encode($0, into: &output) } }
        #expect(Self.decode(output, framing: framing) == Self.frames)
    }

    @Test("frames encoded one at a time into an emptied output each carry only themselves", arguments: Framing.allCases)
    func oneAtATime(framing: Framing) {
        var sender = LineFramer(framing: framing, accm: .default)
        var output: [UInt8] = []
        var wire: [UInt8] = []
        for frame in Self.frames {
            output.removeAll(keepingCapacity: true)
            frame.withUnsafeBytes { sender.encode($0, into: &output) }
            #expect(Self.decode(wire + output, framing: framing).last == frame)
            wire += output
        }
        #expect(Self.decode(wire, framing: framing) == Self.frames)
    }

    @Test("RFC 1662 §3.1 on a B-channel one flag lies between consecutive frames: each frame after the first opens on the last one's")
    func syncFramesShareAFlag() {
        var sender = LineFramer(framing: .sync, accm: .default)
        var wire: [UInt8] = []
        for frame in Self.frames + Self.frames {
            frame.withUnsafeBytes { sender.encode($0, into: &wire) }
        }
        // Zero-bit insertion leaves six 1s in a row only in flags (RFC 1662 §5.2): the first
        // frame's opening flag, then each frame's closing flag and the one that completes the
        // line's last octet, which the next frame takes as its opening flag. The very last flag's
        // final bits wait in the framer for the octet they will complete.
        var sixes = 0
        var ones = 0
        for octet in wire {
            for position in 0..<8 {  // least significant bit first (RFC 1662 §5.5)
                ones = octet >> position & 1 == 1 ? ones + 1 : 0
                if ones == 6 { sixes += 1 }
            }
        }
        #expect(sixes == 1 + 2 * 6 - 1)
        #expect(Self.decode(wire, framing: .sync) == Self.frames + Self.frames)
    }
}
