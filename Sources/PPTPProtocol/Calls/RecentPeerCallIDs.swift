/// The peer Call IDs of the calls a PAC cleared on its own most recently (it sent
/// Call-Disconnect-Notify unasked), so that a Call-Clear-Request the PNS sent before that notify
/// reached it is known for what it is: the two messages crossed (RFC 2637 §2.12, §2.13), which
/// happens whenever both ends hang up within one round trip. Such a request is discarded
/// quietly; any other request for an unknown call is still a protocol violation.
///
/// Bounded: a crossing happens within one round trip, so the last `capacity` calls cover it
/// even at tens of thousands of calls a second on one connection.
struct RecentPeerCallIDs {
    static let capacity = 256
    private var ring: [UInt16?] = []
    private var next = 0

    mutating func insert(_ peerCallID: UInt16) {
        if ring.count < Self.capacity {
            ring.append(peerCallID)
        } else {
            ring[next] = peerCallID
            next = (next + 1) % Self.capacity
        }
    }

    /// Whether `peerCallID` is among them; taking it out, since the PNS clears a call once.
    mutating func remove(_ peerCallID: UInt16) -> Bool {
        guard let index = ring.firstIndex(of: peerCallID) else { return false }
        ring[index] = nil
        return true
    }
}
