import Glibc
import NIOCore
import NIOPosix
import Testing

@testable import GRETransport

@Suite("GRE socket adapter: parts that need no socket")
struct GRETransportUnitTests {
    private func datagram(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    private static let ipv4Header: [UInt8] = [
        0x45, 0, 0, 0, 0, 0, 0, 0, 64, 47, 0, 0, 198, 19, 0, 1, 198, 19, 0, 2,
    ]

    /// 198.19.0.1, the header's source, as `sin_addr.s_addr` holds it.
    private static let source = UInt32(bigEndian: 0xC613_0001)

    @Test("the IPv4 header is stripped by its IHL, options included, and gives the source address")
    func stripsByIHL() throws {
        var plain = datagram(Self.ipv4Header + [0xAA])
        #expect(try IPv4Datagram.stripHeader(&plain).get() == Self.source)
        #expect(Array(plain.readableBytesView) == [0xAA])
        var header = Self.ipv4Header
        header[0] = 0x46
        var withOptions = datagram(header + [1, 1, 1, 0] + [0xBB])
        #expect(try IPv4Datagram.stripHeader(&withOptions).get() == Self.source)
        #expect(Array(withOptions.readableBytesView) == [0xBB])
    }

    @Test("a datagram that is not IPv4, whose IHL does not fit, or that is not protocol 47 is rejected")
    func rejections() {
        var header = Self.ipv4Header
        header[0] = 0x65
        var version6 = datagram(header)
        #expect(IPv4Datagram.stripHeader(&version6) == .failure(.malformedIPHeader))
        header[0] = 0x44
        var shortIHL = datagram(header)
        #expect(IPv4Datagram.stripHeader(&shortIHL) == .failure(.malformedIPHeader))
        header[0] = 0x4F
        var longIHL = datagram(header)
        #expect(IPv4Datagram.stripHeader(&longIHL) == .failure(.malformedIPHeader))
        #expect(longIHL.readerIndex == 0)
        header = Self.ipv4Header
        header[9] = 17
        var udp = datagram(header)
        #expect(IPv4Datagram.stripHeader(&udp) == .failure(.notGRE))
        var empty = ByteBuffer()
        #expect(IPv4Datagram.stripHeader(&empty) == .failure(.malformedIPHeader))
    }

    @Test("EPERM or EACCES opening the socket says it needs root or CAP_NET_RAW")
    func privilegeError() {
        let error = GRESocketError.opening(IOError(errnoCode: EPERM, reason: "socket"), address: "0.0.0.0")
        #expect(error == .needsRawSocketPrivilege(errno: EPERM))
        #expect(error.description.contains("root"))
        #expect(error.description.contains("CAP_NET_RAW"))
        #expect(GRESocketError.opening(IOError(errnoCode: EACCES, reason: "socket"), address: "x") == .needsRawSocketPrivilege(errno: EACCES))
        let other = GRESocketError.opening(IOError(errnoCode: EADDRNOTAVAIL, reason: "bind"), address: "198.18.9.9")
        guard case .cannotBind(let address, _) = other else {
            Issue.record("EADDRNOTAVAIL reported as \(other)")
            return
        }
        #expect(address == "198.18.9.9")
    }

    @Test("a call key needs an IPv4 peer and ignores its port")
    func ipv4Only() throws {
        #expect(throws: GRESocketError.self) { try GRECallKey(peer: SocketAddress(ipAddress: "::1", port: 0), callID: 1) }
        let key = try GRECallKey(peer: SocketAddress(ipAddress: "198.19.0.2", port: 1723), callID: 7)
        #expect(key.description == "peer 198.19.0.2 Call ID 7")
        #expect(key == (try GRECallKey(peer: SocketAddress(ipAddress: "198.19.0.2", port: 0), callID: 7)), "the port is not part of the key")
        #expect(key.socketAddress.ipAddress == "198.19.0.2")
        #expect(key.socketAddress.port == 0)
    }

    /// A call as the deadlines see it.
    private final class Sleeper: DeadlineSleeper {
        var queuedDeadline: NIODeadline?
    }

    @Test("call deadlines: the earliest comes due first; a later deadline for a queued call costs nothing")
    func deadlines() throws {
        let a = Sleeper(), b = Sleeper()
        let t0 = NIODeadline.uptimeNanoseconds(1_000)
        var deadlines = CallDeadlines<Sleeper>()
        deadlines.schedule(a, at: t0 + .milliseconds(30))
        deadlines.schedule(b, at: t0 + .milliseconds(10))
        deadlines.schedule(a, at: t0 + .milliseconds(50))
        deadlines.schedule(b, at: nil)
        #expect(deadlines.earliest == t0 + .milliseconds(10))
        #expect(deadlines.popDue(now: t0 + .milliseconds(9)) == nil)
        #expect(deadlines.popDue(now: t0 + .milliseconds(40)) === b)
        #expect(b.queuedDeadline == nil, "woken: nothing queued for b any more")
        #expect(deadlines.popDue(now: t0 + .milliseconds(40)) === a)
        #expect(deadlines.popDue(now: t0 + .seconds(1)) == nil, "the later deadline of a was never queued")
        deadlines.schedule(a, at: t0 + .milliseconds(60))
        deadlines.schedule(a, at: t0 + .milliseconds(55))
        #expect(a.queuedDeadline == t0 + .milliseconds(55), "the earlier deadline is the one queued")
        #expect(deadlines.popDue(now: t0 + .milliseconds(56)) === a)
        #expect(a.queuedDeadline == nil, "the later entry was superseded, so nothing is queued for a")
        #expect(deadlines.popDue(now: t0 + .milliseconds(61)) === a, "the superseded entry still comes due; the owner finds nothing to do")
        #expect(a.queuedDeadline == nil)
    }
}
