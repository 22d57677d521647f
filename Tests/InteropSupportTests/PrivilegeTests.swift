import InteropSupport
import Testing

@Suite("Privilege")
struct PrivilegeTests {
    @Test("interop tests run as root here, and say so clearly when not")
    func rootOrClearFailure() throws {
        // Fails, never skips, when not root: that is the point.
        try Privilege.requireRoot()
        #expect(InteropError.notRoot(effectiveUID: 1000).description.contains("must run as root"))
    }
}
