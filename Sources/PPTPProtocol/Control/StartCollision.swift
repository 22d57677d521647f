/// RFC 2637 §3.1.3: when both peers open a control connection to each other at once, the
/// one with the higher IP address wins. The winner keeps the connection it opened and sends
/// nothing on the other; the loser closes the one it opened and answers the winner's request.
public enum StartCollision: Sendable, Hashable {
    case weWin
    case peerWins

    /// Addresses compared as 32-bit unsigned values, network number more significant, i.e.
    /// in host order of the dotted quad (192.33.45.89 beats 192.33.45.17).
    public init(localIPv4: UInt32, peerIPv4: UInt32) {
        self = localIPv4 > peerIPv4 ? .weWin : .peerWins
    }

    /// What a receiver answers a request that collides with one it sent.
    public var admission: ControlConnection.Admission {
        switch self {
        case .weWin: .ignoreAsCollisionWinner
        case .peerWins: .accept
        }
    }
}
