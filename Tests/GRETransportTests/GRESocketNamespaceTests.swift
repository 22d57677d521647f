import Dispatch
import InteropSupport
import NIOCore
import NIOPosix
import PPTPProtocol
import PPTPWire
import Testing

@testable import GRETransport

/// The adapter over real raw sockets: side a and side b of a namespace pair each run a
/// `GRESocket` on their own event loop, whose thread joined that side's namespace. Needs root.
@Suite("GRE socket between two network namespaces", .serialized)
struct GRESocketNamespaceTests {
    /// One side: its loop, its socket, and the frames its calls delivered, kept on the loop.
    struct Side {
        final class Delivered {
            var frames: [UInt16: [[UInt8]]] = [:]
        }

        let loop: NamespacedEventLoop
        let socket: GRESocket
        let address: SocketAddress
        let delivered: NIOLoopBound<Delivered>

        var eventLoop: EventLoop { loop.eventLoop }

        func open(call localCallID: UInt16, peer: Side, peerCallID: UInt16, window: UInt16 = 64) async throws -> GRECallKey {
            let configuration = TunnelWindow.Configuration(
                peerCallID: peerCallID, peerReceiveWindowSize: window, peerPacketProcessingDelay: .milliseconds(500),
                receiveWindowSize: window, minimumTimeout: .milliseconds(200), acknowledgmentDelay: .milliseconds(20))
            let (socket, delivered, peerAddress) = (self.socket, self.delivered, peer.address)
            return try await eventLoop.submit {
                try socket.openCall(peer: peerAddress, localCallID: localCallID, window: TunnelWindow(configuration: configuration)) {
                    delivered.value.frames[localCallID, default: []].append(Array($0.readableBytesView))
                }
            }.get()
        }

        func send(_ frames: [[UInt8]], on call: GRECallKey) async throws {
            let socket = self.socket
            try await eventLoop.submit {
                for frame in frames { #expect(socket.send(ByteBuffer(bytes: frame), on: call)) }
            }.get()
        }

        func frames(of localCallID: UInt16) async throws -> [[UInt8]] {
            let delivered = self.delivered
            return try await eventLoop.submit { delivered.value.frames[localCallID] ?? [] }.get()
        }

        func statistics() async throws -> GRESocketStatistics {
            let socket = self.socket
            return try await eventLoop.submit { socket.statistics }.get()
        }

        func statistics(of call: GRECallKey) async throws -> TunnelStatistics? {
            let socket = self.socket
            return try await eventLoop.submit { socket.statistics(for: call) }.get()
        }
    }

    /// Runs `body` with a socket on each side; closes sockets and loops, then the namespaces,
    /// whether `body` returns or throws.
    private func withSockets(_ body: (NetworkNamespacePair, Side, Side) async throws -> Void) async throws {
        try await withNetworkNamespacePair { pair in
            let loopA = try await NamespacedEventLoop.make(in: pair.namespace(.a))
            let loopB: NamespacedEventLoop
            do { loopB = try await NamespacedEventLoop.make(in: pair.namespace(.b)) } catch {
                try? await loopA.shutDown()
                throw error
            }
            do {
                let a = try await Self.side(loopA, address: pair.address(.a))
                let b = try await Self.side(loopB, address: pair.address(.b))
                do {
                    try await body(pair, a, b)
                } catch {
                    try? await a.socket.close().get()
                    try? await b.socket.close().get()
                    throw error
                }
                try await a.socket.close().get()
                try await b.socket.close().get()
            } catch {
                try? await loopA.shutDown()
                try? await loopB.shutDown()
                throw error
            }
            try await loopA.shutDown()
            try await loopB.shutDown()
        }
    }

    private static func side(_ loop: NamespacedEventLoop, address: String) async throws -> Side {
        let socket = try await GRESocket.start(on: loop.eventLoop).get()
        let delivered = try await loop.eventLoop.submit { NIOLoopBound(Side.Delivered(), eventLoop: loop.eventLoop) }.get()
        return Side(loop: loop, socket: socket, address: try SocketAddress(ipAddress: address, port: 0), delivered: delivered)
    }

    @Test("frames cross both ways in order; acknowledgments (piggy-backed and alone) close each window")
    func exchange() async throws {
        try await withSockets { _, a, b in
            let callA = try await a.open(call: 100, peer: b, peerCallID: 200)
            let callB = try await b.open(call: 200, peer: a, peerCallID: 100)
            let framesA = (0..<300).map { index in [UInt8(index >> 8), UInt8(index & 0xFF)] + Array(repeating: 0x7E, count: index % 200) }
            let framesB = (0..<5).map { [0xB0, UInt8($0)] }
            try await b.send(framesB, on: callB)
            // In bursts the window and transmit queue can hold, each after the last arrived.
            for burst in 0..<10 {
                try await a.send(Array(framesA[(burst * 30)..<(burst * 30 + 30)]), on: callA)
                try await waitUntil("burst \(burst) at b", within: 10) {
                    try await b.frames(of: 200).count == burst * 30 + 30
                }
            }
            try await waitUntil("300 frames at b and 5 at a", within: 10) {
                let atB = try await b.frames(of: 200).count
                let atA = try await a.frames(of: 100).count
                return atB == 300 && atA == 5
            }
            #expect(try await b.frames(of: 200) == framesA)
            #expect(try await a.frames(of: 100) == framesB)
            // b has no data after its 5 frames: only its acknowledgment-only packets, sent when
            // the loop's timer fires or half its window is owed, can empty a's window.
            try await waitUntil("a's window to be fully acknowledged", within: 5) {
                let received = try await a.statistics(of: callA)?.acknowledgmentsReceived ?? 0
                let sent = try await b.statistics(of: callB)?.acknowledgmentsSent ?? 0
                return received > 0 && sent > 0
            }
            let statisticsA = try #require(try await a.statistics(of: callA))
            let statisticsB = try #require(try await b.statistics(of: callB))
            #expect(statisticsA.packetsSent == 300)
            #expect(statisticsA.drops.total == 0)
            #expect(statisticsA.transmitWindowEnforced)
            #expect(statisticsB.framesDelivered == 300)
            #expect(statisticsB.packetsLost == 0)
            #expect(try await a.statistics().dropped == 0)
            #expect(try await b.statistics().dropped == 0)
        }
    }

    @Test("packets for an unknown call, from the wrong peer, or not valid GRE are dropped and counted by reason")
    func drops() async throws {
        try await withSockets { pair, a, b in
            let callA = try await a.open(call: 100, peer: b, peerCallID: 200)
            // Call ID 300 belongs to a peer that is not b: b's packets for it are from the wrong peer.
            let elsewhere = try SocketAddress(ipAddress: "198.18.255.254", port: 0)
            _ = try await a.eventLoop.submit {
                try a.socket.openCall(peer: elsewhere, localCallID: 300, window: TunnelWindow(configuration: .init(
                    peerCallID: 1, peerReceiveWindowSize: 8, peerPacketProcessingDelay: .zero, receiveWindowSize: 8))) { _ in
                    Issue.record("a frame reached the call registered for another peer")
                }
            }.get()
            let wrongPeer = try await b.open(call: 201, peer: a, peerCallID: 300)
            let unknown = try await b.open(call: 202, peer: a, peerCallID: 999)
            try await b.send([[1]], on: wrongPeer)
            try await b.send([[2]], on: unknown)
            try await Self.inject(from: b, to: a, [0x30, 0x80, 0x88, 0x0B, 0, 1, 0, 100, 0, 0, 0, 0, 0xFF], pair: pair)

            try await waitUntil("three drops at a", within: 5) { try await a.statistics().dropped == 3 }
            let statistics = try await a.statistics()
            #expect(statistics.droppedWrongPeer == 1)
            #expect(statistics.droppedUnknownCall == 1)
            #expect(statistics.droppedMalformedGRE == 1)
            #expect(statistics.datagramsReceived == 3)
            #expect(try await a.frames(of: 100).isEmpty)
            #expect(try await a.statistics(of: callA)?.packetsReceived == 0)

            // A call is open once; after it is closed its packets are for an unknown call.
            await #expect(throws: GRESocketError.callAlreadyOpen(callA)) { _ = try await a.open(call: 100, peer: b, peerCallID: 200) }
            let final = try await a.eventLoop.submit { a.socket.closeCall(callA) }.get()
            #expect(final?.packetsReceived == 0)
            #expect(try await a.eventLoop.submit { a.socket.send(ByteBuffer(bytes: [1]), on: callA) }.get() == false)
            let toClosed = try await b.open(call: 203, peer: a, peerCallID: 100)
            try await b.send([[3]], on: toClosed)
            try await waitUntil("the packet for the closed call to be dropped", within: 5) {
                try await a.statistics().droppedUnknownCall == 2
            }
        }
    }

    @Test("a backlog of 150 datagrams, more than two batches of recvmmsg, arrives whole and in order")
    func backlog() async throws {
        try await withSockets { _, a, b in
            let callA = try await a.open(call: 100, peer: b, peerCallID: 200, window: 256)
            _ = try await b.open(call: 200, peer: a, peerCallID: 100, window: 256)
            let frames = (0..<150).map { [0xB1, UInt8($0)] }
            // b's loop sleeps until all 150 wait in its socket: one wake-up then finds them all.
            let release = DispatchSemaphore(value: 0)
            b.eventLoop.execute { release.wait() }
            try await a.send(frames, on: callA)
            try await waitUntil("a to hand over 150 datagrams", within: 5) {
                try await a.statistics().datagramsSent == 150
            }
            release.signal()
            try await waitUntil("150 frames at b", within: 5) { try await b.frames(of: 200).count == 150 }
            #expect(try await b.frames(of: 200) == frames)
            #expect(try await b.statistics().dropped == 0)
        }
    }

    @Test("a datagram the kernel refuses (no route to its peer) is counted; the ones around it leave")
    func refusedSend() async throws {
        try await withSockets { _, a, b in
            let callA = try await a.open(call: 100, peer: b, peerCallID: 200)
            _ = try await b.open(call: 200, peer: a, peerCallID: 100)
            // The namespaces have no route beyond their own /30.
            let unroutable = try SocketAddress(ipAddress: "198.19.255.254", port: 0)
            let lost = try await a.eventLoop.submit {
                try a.socket.openCall(peer: unroutable, localCallID: 300, window: TunnelWindow(configuration: .init(
                    peerCallID: 1, peerReceiveWindowSize: 8, peerPacketProcessingDelay: .zero, receiveWindowSize: 8))) { _ in }
            }.get()
            // One loop turn, so the three leave in one sendmmsg: sent, refused, sent.
            try await a.eventLoop.submit {
                #expect(a.socket.send(ByteBuffer(bytes: [1]), on: callA))
                #expect(a.socket.send(ByteBuffer(bytes: [2]), on: lost))
                #expect(a.socket.send(ByteBuffer(bytes: [3]), on: callA))
            }.get()
            try await waitUntil("two frames at b", within: 5) { try await b.frames(of: 200).count == 2 }
            #expect(try await b.frames(of: 200) == [[1], [3]])
            let statistics = try await a.statistics()
            #expect(statistics.datagramsSent == 3)
            #expect(statistics.datagramsRefused == 1)
        }
    }

    /// Sends raw bytes as an IP protocol 47 datagram from b's namespace to a.
    private static func inject(from b: Side, to a: Side, _ bytes: [UInt8], pair: NetworkNamespacePair) async throws {
        let channel = try await b.eventLoop.flatSubmit {
            NIORawSocketBootstrap(group: b.eventLoop).bind(host: pair.address(.b), ipProtocol: .init(rawValue: 47))
        }.get()
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: a.address, data: ByteBuffer(bytes: bytes)))
        try await channel.close()
    }
}
