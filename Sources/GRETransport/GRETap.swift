import NIOCore

/// Which way a tapped GRE packet went through the socket.
public enum GREDirection: Sendable {
    case received
    case sent
}

/// Sees one call's GRE packets (enhanced GRE header and payload, no IP header) as they cross
/// the socket, on the event loop: for packet capture. Calls without one pay a nil check.
public typealias GRETap = (GREDirection, ByteBuffer) -> Void
