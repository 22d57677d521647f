import PAC
import Testing

@Suite("PNS local address")
struct PNSLocalAddressTests {
    @Test("a PAC on a loopback address is reached from a second loopback address")
    func loopback() {
        #expect(PNSLocalAddress.toward(pac: "127.0.0.1") == "127.0.0.2")
        #expect(PNSLocalAddress.toward(pac: "localhost") == "127.0.0.2")
        #expect(PNSLocalAddress.toward(pac: "127.5.6.7") == "127.0.0.2")
        #expect(PNSLocalAddress.toward(pac: "127.0.0.2") == "127.0.0.3")
    }

    @Test("any other PAC leaves the source address to the kernel")
    func elsewhere() {
        #expect(PNSLocalAddress.toward(pac: "198.19.0.1") == nil)
        #expect(PNSLocalAddress.toward(pac: "128.0.0.1") == nil)
        #expect(PNSLocalAddress.toward(pac: "pac.example") == nil)
    }
}
