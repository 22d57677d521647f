import GRETransport
import LineHAL
import NIOCore

/// What the engine keeps for one call: the line it runs on, its connection, and where it
/// stands on the line side (the protocol side is in the connection's `ControlConnection`).
struct CallRecord {
    enum Direction: String {
        case outgoing
        case incoming
    }

    enum Phase: Equatable {
        /// Outgoing: the line is dialing.
        case dialing
        /// Incoming: the line rings while the PNS decides.
        case ringing
        /// Incoming: the PNS accepted and the line is answering.
        case answering
        case connected
        /// The PNS sent Call-Clear-Request and the line is hanging up.
        case clearingForPNS
    }

    let callID: UInt16
    let connection: ConnectionEntry
    let line: any Line
    let direction: Direction
    var phase: Phase
    /// The peer's Packet Recv. Window Size and Packet Processing Delay (RFC 2637 §2.7, §2.10),
    /// for the call's tunnel window.
    var peerReceiveWindowSize: UInt16
    var peerProcessingDelay: UInt16
    var greKey: GRECallKey?
    let startedAt: NIODeadline

    /// Whether the line's statistics are this call's (they restart when a call connects).
    var hasConnected: Bool { phase == .connected || greKey != nil }
}
