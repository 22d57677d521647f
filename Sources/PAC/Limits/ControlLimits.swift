import NIOCore

/// What one PNS — or a crowd of them — may cost the PAC before it refuses or closes
/// (docs/reliability.md, `limits:` in docs/configuration.md). The RFC sets none of these; they
/// keep a hostile or broken peer from starving the others.
public struct ControlLimits: Sendable, Equatable {
    /// Control connections accepted from PNS peers at once; more are closed on accept. Room
    /// for the "one PNS per VPN client" use (issue 8: 1,000 connections held); raise the
    /// process's file-descriptor limit to match.
    public var maximumConnections = 4096
    /// Control connections accepted from one peer address at once. A PNS needs one (two briefly
    /// during a §3.1.3 collision); the margin serves test benches with several PNSs on one host.
    public var maximumConnectionsPerPeer = 8
    /// Calls (outgoing and incoming) one peer address may hold at once; an Outgoing-Call-Request
    /// beyond it gets General Error, No-Resource (RFC 2637 §2.8, §2.16 code 4). A PNS (a RAS
    /// server) usually carries every call of its PAC, so by default only the lines and the
    /// Call IDs bound it; lower it to share a PAC fairly among several PNSs.
    public var maximumCallsPerPeer = 65535
    /// A new TCP connection that has not delivered one complete control message by then is
    /// closed, long before the RFC's 60 s set-up timer (§3.1.4 (1)) would.
    public var firstMessageTimeout: TimeAmount = .seconds(10)
    /// A message whose first octet arrived this long ago and is still incomplete (a
    /// byte-a-second sender) closes the connection.
    public var messageCompletionTimeout: TimeAmount = .seconds(10)
    /// New connections one peer address may open: a burst of this many, refilled at this
    /// many a minute.
    public var connectionsPerPeerPerMinute = 120
    /// Control messages one connection may send: a burst of `messageBurst`, refilled at
    /// `messagesPerSecond`. A connection beyond it is closed (a flood of SCCRQs or echoes).
    /// A busy PNS churning calls with many in flight sends tens of thousands a second
    /// (issue 8: 20,000 set-ups and tear-downs a second are 40,000 messages), so the default
    /// stops only what no PNS does.
    public var messagesPerSecond = 100_000
    public var messageBurst = 200_000

    public init() {}

    var connectionRate: TokenBucket.Rate {
        TokenBucket.Rate(capacity: connectionsPerPeerPerMinute, refillEvery: .seconds(60))
    }

    var messageRate: TokenBucket.Rate {
        TokenBucket.Rate(capacity: messageBurst, refillEvery: .seconds(1), refillAmount: messagesPerSecond)
    }
}
