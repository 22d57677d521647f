import NIOCore
import NIOEmbedded
import PPTPProtocol
import PPTPWire
import Testing
@testable import PAC

/// The limits of docs/reliability.md through the real pipeline, in virtual time: each one
/// refuses or closes, is counted in the status, and leaves other peers alone.
@Suite("Limits: connections, calls, slow and flooding peers")
struct LimitsTests {
    private func harness(_ set: (inout ControlLimits) -> Void) throws -> EngineHarness {
        try EngineHarness { configuration in set(&configuration.limits) }
    }

    private func counters(_ harness: EngineHarness) -> LimitStatistics { harness.engine.status().limits }

    @Test("limits.max-connections: one more PNS connection is closed on accept, and counted; closing one makes room")
    func maximumConnections() throws {
        let pac = try harness { $0.maximumConnections = 2 }
        let first = try pac.connectPNS(from: "198.18.0.2")
        let second = try pac.connectPNS(from: "198.18.0.3")
        let third = try pac.connectPNS(from: "198.18.0.4")
        #expect(first.isOpen && second.isOpen)
        #expect(!third.isOpen)
        #expect(third.received().isEmpty, "refused before any message")
        #expect(counters(pac).connectionsRefusedMaximum == 1)
        #expect(pac.engine.metricsSnapshot().limits.connectionsRefusedMaximum == 1, "GET /metrics sees it too")
        first.close()
        #expect(try pac.connectPNS(from: "198.18.0.4").isOpen)
    }

    @Test("limits.max-connections-per-peer: a third connection from one address is closed; another address still gets in")
    func connectionsPerPeer() throws {
        let pac = try harness { $0.maximumConnectionsPerPeer = 2 }
        let peers = try (0..<3).map { _ in try pac.connectPNS(from: "198.18.0.2") }
        #expect(peers.map(\.isOpen) == [true, true, false])
        #expect(counters(pac).connectionsRefusedPerPeer == 1)
        #expect(try pac.connectPNS(from: "198.18.0.3").isOpen)
    }

    @Test("limits.connections-per-peer-per-minute: a flood of connect-SCCRQ-close is cut off; the rate refills in time")
    func connectionRate() throws {
        let pac = try harness { $0.connectionsPerPeerPerMinute = 3 }
        for _ in 0..<3 {
            let peer = try pac.connectPNS(from: "198.18.0.2")
            #expect(peer.isOpen)
            peer.close()
        }
        #expect(try !pac.connectPNS(from: "198.18.0.2").isOpen)
        #expect(try pac.connectPNS(from: "198.18.0.9").isOpen, "another peer has its own budget")
        pac.advance(by: .seconds(20))  // 3 a minute: one token every 20 s
        #expect(try pac.connectPNS(from: "198.18.0.2").isOpen)
        #expect(try !pac.connectPNS(from: "198.18.0.2").isOpen)
        #expect(counters(pac).connectionsRefusedRate == 2)
    }

    @Test("limits.max-calls-per-peer: the next Outgoing-Call-Request gets General Error, No-Resource (§2.8, §2.16)")
    func callsPerPeer() throws {
        let pac = try harness { $0.maximumCallsPerPeer = 1 }
        let (pns, _) = try pac.connectedCall(peerCallID: 3)
        pns.send(outgoingCallRequest(callID: 4, to: "5550100"))
        let reply = try #require(pns.received().compactMap(\.outgoingCallReply).first)
        #expect(reply.peerCallID == 4 && reply.resultCode == .generalError && reply.errorCode == .noResource)
        #expect(counters(pac).callsRefusedPerPeer == 1)
        #expect(pac.engine.status().calls == 1, "the first call is untouched")
        let other = try pac.connectPNS(from: "198.18.0.3")
        other.send(outgoingCallRequest(callID: 9, to: "5550100"))
        pac.advance(by: .seconds(20))
        #expect(other.received().compactMap(\.outgoingCallReply).first?.resultCode == .connected)
    }

    @Test("limits.first-message-timeout: a connection silent for 10 s is closed; one that spoke in time stays")
    func firstMessageTimeout() throws {
        let pac = try harness { _ in }
        let silent = try PNSPeer(harness: pac, address: "198.18.0.2")
        let partial = try PNSPeer(harness: pac, address: "198.18.0.3")
        try partial.channel.writeInbound(ByteBuffer(bytes: [0x00, 0x9C, 0x00]))
        pac.advance(by: .seconds(5))
        let speaker = try pac.connectPNS(from: "198.18.0.4")
        pac.advance(by: .milliseconds(4_999))
        #expect(silent.isOpen && partial.isOpen)
        pac.advance(by: .milliseconds(1))
        #expect(!silent.isOpen && !partial.isOpen, "three octets are not a message")
        pac.advance(by: .seconds(10))
        #expect(speaker.isOpen)
        #expect(counters(pac).closedNoFirstMessage == 2)
    }

    @Test("limits.message-completion-timeout: an Echo-Request sent an octet a second is closed 10 s after its first octet")
    func byteASecond() throws {
        let pac = try harness { _ in }
        let slow = try pac.connectPNS(from: "198.18.0.2")
        let steady = try pac.connectPNS(from: "198.18.0.3")
        var echo = ByteBuffer()
        echo.writeControlMessage(.echoRequest(EchoRequest(identifier: 7)))
        for second in 0..<12 {
            if slow.isOpen, let octet = echo.readSlice(length: 1) { try slow.channel.writeInbound(octet) }
            steady.send(.echoRequest(EchoRequest(identifier: UInt32(second))))
            #expect(slow.isOpen == (second < 10), "second \(second)")
            pac.advance(by: .seconds(1))
        }
        #expect(!slow.isOpen)
        #expect(steady.isOpen && steady.received().filter { $0.type == .echoReply }.count == 12)
        #expect(counters(pac).closedIncompleteMessage == 1)
    }

    @Test("a message cut by TCP but completed in time is fine, however many pieces")
    func slowButInTime() throws {
        let pac = try harness { _ in }
        let peer = try pac.connectPNS(from: "198.18.0.2")
        var echo = ByteBuffer()
        echo.writeControlMessage(.echoRequest(EchoRequest(identifier: 7)))
        while let octet = echo.readSlice(length: 1) {
            try peer.channel.writeInbound(octet)
            pac.advance(by: .milliseconds(500))
        }
        #expect(peer.isOpen)
        #expect(peer.received().contains { $0.type == .echoReply })
    }

    @Test("limits.messages-per-second / message-burst: a flood of SCCRQs on one connection is closed; a paced peer is not")
    func messageFlood() throws {
        let pac = try harness {
            $0.messageBurst = 10
            $0.messagesPerSecond = 5
        }
        let flooder = try pac.connectPNS(from: "198.18.0.2")  // its SCCRQ is message 1
        let paced = try pac.connectPNS(from: "198.18.0.3")
        for _ in 0..<9 { flooder.send(.startControlConnectionRequest(sccrq)) }
        #expect(flooder.isOpen)
        #expect(flooder.received().filter { $0.type == .startControlConnectionReply }.count == 10, "each answered: §2.2 result 3 after the first")
        flooder.send(.startControlConnectionRequest(sccrq))
        #expect(!flooder.isOpen)
        #expect(flooder.received().isEmpty, "the message over the limit is not answered")
        for index in 0..<40 {
            paced.send(.echoRequest(EchoRequest(identifier: UInt32(index))))
            pac.advance(by: .milliseconds(200))
        }
        #expect(paced.isOpen)
        #expect(counters(pac).closedMessageFlood == 1)
    }

    @Test("§1.4 an oversized Length or a garbage stream loses synchronization: closed at once and counted")
    func lostSynchronization() throws {
        let pac = try harness { _ in }
        let oversized = try pac.connectPNS(from: "198.18.0.2")
        try? oversized.channel.writeInbound(ByteBuffer(bytes: [0xFF, 0xFF, 0x00, 0x01, 0x1A, 0x2B, 0x3C, 0x4D]))
        let garbage = try pac.connectPNS(from: "198.18.0.3")
        try? garbage.channel.writeInbound(ByteBuffer(bytes: Array(repeating: 0x41, count: 64)))
        #expect(!oversized.isOpen && !garbage.isOpen)
        #expect(counters(pac).closedLostSynchronization == 2)
    }

    @Test("an endless message — the largest Length, never completed — is closed by the completion bound")
    func endlessMessage() throws {
        let pac = try harness { _ in }
        let peer = try pac.connectPNS(from: "198.18.0.2")
        var header = ByteBuffer(bytes: [0x04, 0x00, 0x00, 0x01, 0x1A, 0x2B, 0x3C, 0x4D, 0x00, 0x63])
        header.writeRepeatingByte(0, count: 900)
        try peer.channel.writeInbound(header)
        pac.advance(by: .seconds(10))
        #expect(!peer.isOpen)
        #expect(counters(pac).closedIncompleteMessage == 1)
    }

    private var sccrq: StartControlConnectionRequest {
        StartControlConnectionRequest(
            framingCapabilities: .asynchronous, bearerCapabilities: .analog, maximumChannels: 0, firmwareRevision: 1,
            hostName: "flood", vendorName: "tests")
    }
}
