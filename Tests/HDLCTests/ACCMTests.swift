import HDLC
import Testing

@Suite("RFC 1662 §7.1 Async-Control-Character-Map")
struct ACCMTests {
    @Test("RFC 1662 §7.1 the default ACCM maps all 32 control characters both ways")
    func defaults() {
        #expect(ACCM.default == ACCM(send: 0xFFFF_FFFF, receive: 0xFFFF_FFFF))
        #expect(AsyncHDLCEncoder().sendACCM == ACCM.default.send)
        #expect(AsyncHDLCDecoder().receiveACCM == ACCM.default.receive)
    }

    @Test("ACCM reads as eight hexadecimal digits per direction")
    func description() {
        #expect(ACCM(send: 0x000A_0000, receive: 0).description == "send 0x000A0000 receive 0x00000000")
        #expect(ACCM.default.description == "send 0xFFFFFFFF receive 0xFFFFFFFF")
    }
}
