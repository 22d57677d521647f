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
}
