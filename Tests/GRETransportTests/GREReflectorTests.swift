import Foundation
import InteropSupport
import NIOCore
import PPTPProtocol
import Testing

@testable import GRETransport

/// GRETransport against the C reflector of Tests/Benchmarks/GREReflector (built here with the
/// system cc by scripts/build-gre-reflector): an independent GRE peer in the other namespace,
/// and the round-trip rate of our data path against the simplest one possible. Needs root.
@Suite("GRE socket against the C reflector", .serialized)
struct GREReflectorTests {
    /// Loop-bound state of the closed loop: each frame that comes back sends the next one.
    final class Run {
        var sent = 0
        var returned: [UInt32] = []
        var started: NIODeadline?
        var finished: NIODeadline?
    }

    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every frame reflected comes back once and in order; the reflector's acknowledgments keep the window open")
    func reflected() async throws {
        try Privilege.requireRoot()
        let reflector = FileManager.default.temporaryDirectory.appendingPathComponent("gre-reflector-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: reflector) }
        try await Command.output([Self.repository.appendingPathComponent("scripts/build-gre-reflector").path, reflector], within: 60)

        try await withNetworkNamespacePair { pair in
            let process = try pair.run(in: .b, reflector, ["-c", "100", "-t", "60"])
            let loop = try await NamespacedEventLoop.make(in: pair.namespace(.a))
            do {
                try await Self.measure(loop: loop, peer: SocketAddress(ipAddress: pair.address(.b), port: 0))
            } catch {
                try? await loop.shutDown()
                throw error
            }
            try await loop.shutDown()
            _ = await process.stop()
        }
    }

    private static func measure(loop: NamespacedEventLoop, peer: SocketAddress) async throws {
        let total = 10_000
        let eventLoop = loop.eventLoop
        let socket = try await GRESocket.start(on: eventLoop).get()
        defer { _ = socket.close() }
        let configuration = TunnelWindow.Configuration(
            peerCallID: 200, peerReceiveWindowSize: 64, peerPacketProcessingDelay: .milliseconds(100),
            receiveWindowSize: 64, minimumTimeout: .milliseconds(200))
        let (run, call) = try await eventLoop.submit {
            let run = NIOLoopBound(Run(), eventLoop: eventLoop)
            let call = try GRECallKey(peer: peer, callID: 100)
            try socket.openCall(peer: peer, localCallID: 100, window: TunnelWindow(configuration: configuration)) {
                var frame = $0
                let state = run.value
                state.returned.append(frame.readInteger(as: UInt32.self)!)
                guard state.started != nil else { return }  // still probing
                if state.returned.count == total { state.finished = .now() }
                if state.sent < total { Self.sendNext(state, socket: socket, call: call) }
            }
            return (run, call)
        }.get()
        // The reflector may not have its socket yet: probe until a frame comes back.
        try await waitUntil("the reflector to answer", within: 10, pollingEvery: .milliseconds(100)) {
            try await eventLoop.submit {
                if run.value.returned.isEmpty { socket.send(Self.frame(0), on: call) }
                return !run.value.returned.isEmpty
            }.get()
        }
        // Probes lost before the reflector was up may have cost a time-out or a gap: count
        // from here.
        let before = try await eventLoop.submit {
            run.value.returned = []
            run.value.started = .now()
            for _ in 0..<32 { Self.sendNext(run.value, socket: socket, call: call) }
            return socket.statistics(for: call)!
        }.get()
        try await waitUntil("\(total) frames back", within: 60) {
            try await eventLoop.submit { run.value.finished != nil }.get()
        }
        let (returned, elapsed, statistics) = try await eventLoop.submit {
            (run.value.returned, run.value.finished! - run.value.started!, socket.statistics(for: call)!)
        }.get()
        #expect(returned == Array(1...UInt32(total)))
        #expect(statistics.packetsLost == before.packetsLost)
        #expect(statistics.drops.total == 0)
        #expect(statistics.acknowledgmentsReceived - before.acknowledgmentsReceived >= total / 2)
        #expect(statistics.transmitWindowEnforced)
        #expect(statistics.framesDelivered - before.framesDelivered == total)
        let seconds = Double(elapsed.nanoseconds) / 1e9
        print("GRE round trips through the C reflector: \(total) frames of 100 octets in \(String(format: "%.3f", seconds)) s, "
            + "\(Int(Double(total) / seconds)) frames/s, window \(statistics.transmitWindow), RTT \(statistics.roundTripTime), "
            + "time-outs \(statistics.timeouts - before.timeouts)")
    }

    /// Frame `number`: the number, then padding to 100 octets.
    private static func frame(_ number: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(number))
        buffer.writeRepeatingByte(0x7E, count: 96)
        return buffer
    }

    private static func sendNext(_ run: Run, socket: GRESocket, call: GRECallKey) {
        run.sent += 1
        socket.send(frame(run.sent), on: call)
    }
}
