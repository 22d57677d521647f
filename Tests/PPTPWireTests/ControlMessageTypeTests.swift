import Testing
@testable import PPTPWire

@Suite("RFC 2637 §1.4 message format")
struct ControlMessageTypeTests {
    @Test("§1.4 the fifteen control message codes are 1 through 15")
    func codes() {
        #expect(ControlMessageType.allCases.map(\.rawValue) == Array(1...15))
    }

    @Test("§1.4 the magic cookie is 0x1A2B3C4D")
    func cookie() {
        #expect(PPTPHeader.magicCookie == 0x1A2B_3C4D)
    }
}
