import NIOCore
import PPTPProtocol
import Testing
@testable import PAC

@Suite("pac serve configuration: tunnel (each call's GRE data path, RFC 2637 §4)")
struct TunnelConfigurationTests {
    @Test("each key reaches the call's tunnel window; the acknowledgment time-out starts within MinTimeOut…MaxTimeOut (§4.4)")
    func keys() throws {
        let yaml = """
            tunnel:
              min-ack-timeout-ms: 500
              max-ack-timeout-ms: 2000
              transmit-queue: 8
              reorder-buffer: 0
            """
        let tunnel = try DaemonConfiguration.parse(yaml, file: "pac.yaml").tunnel
        #expect(tunnel.minimumAcknowledgmentTimeout == .milliseconds(500))
        #expect(tunnel.maximumAcknowledgmentTimeout == .seconds(2))
        #expect(tunnel.transmitQueueLimit == 8)
        #expect(tunnel.reorderBufferLimit == 0)
        #expect(tunnel.summary == "acknowledgment time-out 500…2000 ms, transmit queue 8 frames, reorder buffer 0 packets")

        // §4.4: the peer's Packet Processing Delay seeds ATO, held within the bounds.
        func initialTimeout(processingDelayTenths: UInt16) -> TimeAmount {
            tunnel.window(peerCallID: 7, peerReceiveWindowSize: 4, peerProcessingDelay: processingDelayTenths, receiveWindowSize: 64)
                .statistics.acknowledgmentTimeout
        }
        #expect(initialTimeout(processingDelayTenths: 0) == .milliseconds(500))
        #expect(initialTimeout(processingDelayTenths: 10) == .seconds(1))
        #expect(initialTimeout(processingDelayTenths: 300) == .seconds(2))

        // Beyond the one frame the window (half of the peer's 2, §4.2.1) lets through, 8 wait;
        // the tenth is dropped (§4.2.4).
        var window = tunnel.window(peerCallID: 7, peerReceiveWindowSize: 2, peerProcessingDelay: 0, receiveWindowSize: 64)
        for _ in 0..<10 { window.sendFrame(ByteBuffer(bytes: [0xC0, 0x21])) }
        #expect(window.queuedFrameCount == 9)
        #expect(window.statistics.drops.transmitQueueFull == 1)
    }

    @Test("the defaults are the tunnel window's own, as docs/configuration.md gives them")
    func defaults() {
        let defaults = TunnelWindow.Configuration(
            peerCallID: 7, peerReceiveWindowSize: 4, peerPacketProcessingDelay: .zero, receiveWindowSize: 64)
        let tunnel = DaemonConfiguration().tunnel
        #expect(tunnel.minimumAcknowledgmentTimeout == defaults.minimumTimeout)
        #expect(tunnel.maximumAcknowledgmentTimeout == defaults.maximumTimeout)
        #expect(tunnel.transmitQueueLimit == defaults.transmitQueueLimit)
        #expect(tunnel.reorderBufferLimit == defaults.reorderBufferLimit)
        #expect(PACConfiguration(control: .init(role: .pac, hostName: "pac", vendorName: "PAC")).tunnel == tunnel)
        #expect(tunnel.summary == "acknowledgment time-out 100…10000 ms, transmit queue 64 frames, reorder buffer 16 packets")
    }

    @Test("errors name file, line and key and say what is allowed", arguments: [
        ("tunnel:\n  min-ack-timeout-ms: 5\n", "pac.yaml:2: key 'tunnel.min-ack-timeout-ms': 5 is out of range 10...60000"),
        ("tunnel:\n  max-ack-timeout-ms: 60001\n", "pac.yaml:2: key 'tunnel.max-ack-timeout-ms': 60001 is out of range 10...60000"),
        ("tunnel:\n  min-ack-timeout-ms: 3000\n  max-ack-timeout-ms: 2000\n",
         "pac.yaml:2: key 'tunnel.min-ack-timeout-ms': min-ack-timeout-ms 3000 exceeds max-ack-timeout-ms 2000"),
        ("tunnel:\n  min-ack-timeout-ms: 20000\n",
         "pac.yaml:2: key 'tunnel.min-ack-timeout-ms': min-ack-timeout-ms 20000 exceeds max-ack-timeout-ms 10000"),
        ("tunnel:\n  max-ack-timeout-ms: 50\n",
         "pac.yaml:2: key 'tunnel.max-ack-timeout-ms': min-ack-timeout-ms 100 exceeds max-ack-timeout-ms 50"),
        ("tunnel:\n  transmit-queue: 0\n", "pac.yaml:2: key 'tunnel.transmit-queue': 0 is out of range 1...4096"),
        ("tunnel:\n  reorder-buffer: -1\n", "pac.yaml:2: key 'tunnel.reorder-buffer': -1 is out of range 0...1024"),
        ("tunnel:\n  window: 4\n", "pac.yaml:2: key 'tunnel.window': unknown key"),
        ("tunnel: 4\n", "pac.yaml:1: key 'tunnel': expected a mapping of keys to values"),
    ])
    func errors(yaml: String, message: String) {
        expectRejected(yaml, with: message)
    }
}
