import Glibc
import NIOCore
import Testing

@testable import GRETransport

/// `RawDatagramReceiver` over a UDP socket on loopback: `recvmmsg` behaves there as on the raw
/// socket, and needs no privilege or namespace.
@Suite("Raw datagram receiver (recvmmsg)")
struct RawDatagramReceiverTests {
    /// A bound receiving socket and a sending one, both on 127.0.0.1; closed by `close()`.
    struct Loopback {
        let receiving: CInt
        let sending: CInt
        let address: sockaddr_in

        init() throws {
            let receiving = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            let sending = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            // Room for every datagram of a test in the receive queue.
            var size: CInt = 8 << 20
            _ = setsockopt(receiving, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(MemoryLayout<CInt>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(receiving, pointer, length) == 0 && getsockname(receiving, pointer, &length) == 0
                }
            }
            try #require(receiving >= 0 && sending >= 0 && bound)
            (self.receiving, self.sending, self.address) = (receiving, sending, address)
        }

        func send(_ datagrams: [[UInt8]]) throws {
            var address = self.address
            for datagram in datagrams {
                let sent = withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(sending, datagram, datagram.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                try #require(sent == datagram.count)
            }
        }

        func close() {
            Glibc.close(receiving)
            Glibc.close(sending)
        }
    }

    private static func drained(_ receiver: RawDatagramReceiver) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        receiver.drain { datagrams.append(Array($0.readableBytesView)) }
        return datagrams
    }

    @Test("one drain takes what waits, in order, up to four batches of 64; the rest waits for the next")
    func batches() throws {
        let loopback = try Loopback()
        defer { loopback.close() }
        let receiver = RawDatagramReceiver(descriptor: loopback.receiving)
        #expect(Self.drained(receiver).isEmpty, "nothing waits yet")
        let datagrams = (0..<300).map { index in [UInt8(index >> 8), UInt8(index & 0xFF)] + Array(repeating: 0x7E, count: index % 50) }
        try loopback.send(datagrams)
        let limit = RawDatagramReceiver.readsPerWakeUp * RawDatagramReceiver.capacity
        #expect(limit == 256)
        #expect(Self.drained(receiver) == Array(datagrams[..<limit]))
        #expect(Self.drained(receiver) == Array(datagrams[limit...]))
        #expect(Self.drained(receiver).isEmpty)
    }

    @Test("a datagram longer than a slot is cut to the slot; the next is whole")
    func longDatagram() throws {
        let loopback = try Loopback()
        defer { loopback.close() }
        let receiver = RawDatagramReceiver(descriptor: loopback.receiving)
        let long = (0..<3000).map { UInt8($0 & 0xFF) }
        try loopback.send([long, [1, 2, 3]])
        #expect(Self.drained(receiver) == [Array(long[..<RawDatagramReceiver.slotSize]), [1, 2, 3]])
    }
}
