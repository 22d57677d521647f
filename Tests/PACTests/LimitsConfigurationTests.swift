import LineHAL
import NIOCore
import Testing
@testable import PAC

@Suite("pac serve configuration: limits")
struct LimitsConfigurationTests {
    @Test("every limits key is read; absent ones keep their defaults")
    func keys() throws {
        let yaml = """
            limits:
              max-connections: 8
              max-connections-per-peer: 2
              max-calls-per-peer: 48
              first-message-timeout: 5
              message-completion-timeout: 3
              connections-per-peer-per-minute: 12
              messages-per-second: 50
              message-burst: 200
            """
        let limits = try DaemonConfiguration.parse(yaml, file: "pac.yaml").limits
        #expect(limits.maximumConnections == 8 && limits.maximumConnectionsPerPeer == 2 && limits.maximumCallsPerPeer == 48)
        #expect(limits.firstMessageTimeout == .seconds(5) && limits.messageCompletionTimeout == .seconds(3))
        #expect(limits.connectionsPerPeerPerMinute == 12 && limits.messagesPerSecond == 50 && limits.messageBurst == 200)
        let defaults = try DaemonConfiguration.parse("limits: {}\n", file: "pac.yaml").limits
        #expect(defaults == ControlLimits())
        #expect(defaults.firstMessageTimeout == .seconds(10), "issue 9: close after 10 s by default")
    }

    @Test("limits errors name file, line and key", arguments: [
        ("limits:\n  max-conections: 3\n", "pac.yaml:2: key 'limits.max-conections': unknown key"),
        ("limits:\n  max-connections: 0\n", "pac.yaml:2: key 'limits.max-connections': 0 is out of range 1...1000000"),
        ("limits:\n  first-message-timeout: ten\n", "pac.yaml:2: key 'limits.first-message-timeout': expected an integer, found 'ten'"),
    ])
    func errors(yaml: String, message: String) {
        expectRejected(yaml, with: message)
    }
}
