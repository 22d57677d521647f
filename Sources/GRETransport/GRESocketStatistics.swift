/// What the shared GRE socket did with datagrams that reached no call, and how many it
/// moved; per-call counters are in each call's `TunnelStatistics`.
public struct GRESocketStatistics: Sendable, Hashable {
    /// Datagrams read from the socket.
    public var datagramsReceived = 0
    /// GRE packets handed to the socket to send.
    public var datagramsSent = 0
    /// Of those, the ones the kernel refused (no route to the peer, a full send buffer); they
    /// are not retried (`RawDatagramSender`).
    public var datagramsRefused = 0
    /// Not IPv4, or an IPv4 header whose length does not fit the datagram.
    public var droppedMalformedIPHeader = 0
    /// An IPv4 datagram of a protocol other than 47.
    public var droppedNotGRE = 0
    /// A GRE packet `readGREPacket` rejected (RFC 2637 §4.1).
    public var droppedMalformedGRE = 0
    /// No call has this Call ID with any peer.
    public var droppedUnknownCall = 0
    /// A call has this Call ID, but with another peer address.
    public var droppedWrongPeer = 0

    public init() {}

    public var dropped: Int {
        droppedMalformedIPHeader + droppedNotGRE + droppedMalformedGRE + droppedUnknownCall + droppedWrongPeer
    }
}
