import LineHAL
import NIOCore

extension ControlLimits {
    /// The `limits:` mapping of the configuration file; absent keys keep their defaults
    /// (docs/configuration.md). Unknown keys are errors naming file, line and key.
    static func parse(_ mapping: YAMLMappingReader) throws(ProfileError) -> ControlLimits {
        var reader = mapping
        var limits = ControlLimits()
        func count(_ key: String, _ field: WritableKeyPath<ControlLimits, Int>, max: Int = 1_000_000) throws(ProfileError) {
            if reader.has(key) { limits[keyPath: field] = try reader.integer(key, in: 1...max) }
        }
        func seconds(_ key: String, _ field: WritableKeyPath<ControlLimits, TimeAmount>) throws(ProfileError) {
            if reader.has(key) { limits[keyPath: field] = .seconds(Int64(try reader.integer(key, in: 1...3600))) }
        }
        try count("max-connections", \.maximumConnections)
        try count("max-connections-per-peer", \.maximumConnectionsPerPeer)
        try count("max-calls-per-peer", \.maximumCallsPerPeer, max: 65535)
        try seconds("first-message-timeout", \.firstMessageTimeout)
        try seconds("message-completion-timeout", \.messageCompletionTimeout)
        try count("connections-per-peer-per-minute", \.connectionsPerPeerPerMinute)
        try count("messages-per-second", \.messagesPerSecond)
        try count("message-burst", \.messageBurst)
        try reader.finish()
        return limits
    }
}
