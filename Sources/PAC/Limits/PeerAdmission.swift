import NIOCore

/// Decides, as a PNS's TCP connection is accepted, whether the PAC takes it: total and
/// per-peer connection counts, and each peer's rate of new connections. Pure: the engine
/// passes what is open and the time.
struct PeerAdmission {
    enum Refusal: Hashable, CustomStringConvertible {
        case maximumConnections(Int)
        case maximumConnectionsPerPeer(Int)
        case connectionRate(perMinute: Int)

        var description: String {
            switch self {
            case .maximumConnections(let limit): "\(limit) control connections are open (limits.max-connections)"
            case .maximumConnectionsPerPeer(let limit):
                "the peer has \(limit) control connections open (limits.max-connections-per-peer)"
            case .connectionRate(let perMinute):
                "the peer opened more than \(perMinute) connections a minute (limits.connections-per-peer-per-minute)"
            }
        }
    }

    /// Peers are forgotten once their bucket is full again; this many are kept before that
    /// is checked, so a crowd of addresses cannot grow the table without bound.
    static let peersKeptBeforePruning = 1024

    private var buckets: [IPv4Address: TokenBucket] = [:]

    /// Admits a connection from `peer` given the connections open now (not counting it), or
    /// says why not. An admitted connection takes a token from the peer's bucket.
    mutating func admit(
        _ peer: IPv4Address?, open: Int, openFromPeer: Int, limits: ControlLimits, now: NIODeadline
    ) -> Refusal? {
        guard open < limits.maximumConnections else { return .maximumConnections(limits.maximumConnections) }
        guard openFromPeer < limits.maximumConnectionsPerPeer else {
            return .maximumConnectionsPerPeer(limits.maximumConnectionsPerPeer)
        }
        guard let peer else { return nil }
        if buckets.count >= Self.peersKeptBeforePruning { prune(now: now) }
        var bucket = buckets[peer] ?? TokenBucket(limits.connectionRate, now: now)
        defer { buckets[peer] = bucket }
        return bucket.take(now: now) ? nil : .connectionRate(perMinute: limits.connectionsPerPeerPerMinute)
    }

    private mutating func prune(now: NIODeadline) {
        buckets = buckets.filter { _, bucket in
            var bucket = bucket
            return !bucket.isFull(now: now)
        }
    }
}
