import NIOCore
import PPTPWire
import Testing

@testable import PPTPProtocol

/// Two tunnel windows talking through a simulated internetwork in virtual time: the rules of
/// §4.2–§4.4 together, under loss, reordering and duplication in both directions.
@Suite("RFC 2637 §4 two peers over an impaired link")
struct LinkSimulationTests {
    /// SplitMix64: a fixed seed makes every run the same.
    private struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func percent() -> Int { Int(next() % 100) }
    }

    private struct InFlight {
        var arrival: NIODeadline
        var toSecond: Bool
        var packet: GREPacket
    }

    private struct Peer {
        var window: TunnelWindow
        var delivered: [UInt16] = []
    }

    @Test(
        "§4.3 with 5% loss, 5% duplication and reordering each way, frames arrive in order, once, and every gap is counted",
        arguments: [0, 8])
    func impairedLink(reorderBufferLimit: Int) {
        let configuration = TunnelHarness.configuration(
            peerWindow: 16, ppd: .milliseconds(100), receiveWindow: 16, minimumTimeout: .milliseconds(20),
            transmitQueueLimit: 32, reorderBufferLimit: reorderBufferLimit, reorderHoldTime: .milliseconds(15),
            acknowledgmentDelay: .milliseconds(5))
        var peers = [Peer(window: TunnelWindow(configuration: configuration)), Peer(window: TunnelWindow(configuration: configuration))]
        var random = Random(state: 2637)
        var inFlight: [InFlight] = []
        /// Payload packets the link threw away, by receiving peer.
        var dataDroppedOnTheWayTo = [0, 0]
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let frames = 2000
        let impairedUntil = 4 * (frames - 100)

        // One frame every 4 ms each way: well under what the window carries, so the line is not
        // the bottleneck and the transmit queue rarely overflows.
        for tick in 0..<(4 * frames + 2000) {
            let now = start + .milliseconds(Int64(tick))
            if tick % 4 == 0, tick / 4 < frames {
                for index in peers.indices {
                    var frame = ByteBuffer()
                    frame.writeInteger(UInt16(tick / 4))
                    peers[index].window.sendFrame(frame)
                }
            }
            let arriving = inFlight.filter { $0.arrival <= now }.sorted { $0.arrival < $1.arrival }
            inFlight.removeAll { $0.arrival <= now }
            for flight in arriving { peers[flight.toSecond ? 1 : 0].window.receive(flight.packet, now: now) }
            for index in peers.indices {
                while let action = peers[index].window.nextAction(now: now) {
                    switch action {
                    case .deliver(var frame):
                        peers[index].delivered.append(frame.readInteger(as: UInt16.self)!)
                    case .send(let packet):
                        // Clean at first (a receiver cannot count losses before the first packet
                        // it sees) and at the end (nor after the last).
                        let impaired = tick >= 40 && tick < impairedUntil
                        if impaired, random.percent() < 5 {
                            if packet.header.sequenceNumber != nil { dataDroppedOnTheWayTo[1 - index] += 1 }
                            continue
                        }
                        let copies = impaired && random.percent() < 5 ? 2 : 1
                        for _ in 0..<copies {
                            let delay = TimeAmount.milliseconds(10 + (impaired ? Int64(random.next() % 9) : 0))
                            inFlight.append(InFlight(arrival: now + delay, toSecond: index == 0, packet: packet))
                        }
                    }
                }
            }
        }

        #expect(inFlight.isEmpty)
        for (index, peer) in peers.enumerated() {
            let sender = peers[1 - index].window.statistics
            let receiver = peer.window.statistics
            #expect(zip(peer.delivered, peer.delivered.dropFirst()).allSatisfy { $0 < $1 }, "in order, no duplicates")
            #expect(peer.delivered.last == UInt16(frames - 1))
            #expect(dataDroppedOnTheWayTo[index] > 50)
            #expect(sender.packetsSent == receiver.framesDelivered + receiver.packetsLost, "every sequence number delivered or counted lost")
            #expect(sender.packetsSent + sender.drops.transmitQueueFull == frames)
            #expect(receiver.drops.stale + receiver.drops.duplicate > 0, "duplicates were seen and discarded")
            #expect(sender.timeouts > 0, "lost packets and acknowledgments caused time-outs")
            #expect(sender.transmitWindow > 1, "the window recovered once the link was clean")
            if reorderBufferLimit == 0 {
                #expect(receiver.packetsLost > dataDroppedOnTheWayTo[index], "overtaken packets are discarded too")
            } else {
                // The hold (15 ms) outlasts the jitter (8 ms): every reordered packet is waited for,
                // so exactly the packets the link lost are given up.
                #expect(receiver.packetsLost == dataDroppedOnTheWayTo[index])
            }
        }
    }
}
