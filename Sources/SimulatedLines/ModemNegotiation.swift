import LineHAL

/// The speeds two modems connect at, as their handshake would settle them.
///
/// The PAC's modem sits on the network's digital trunks, so with V.90 at both ends it sends
/// downstream (up to 56000 bit/s) and receives upstream (V.34, up to 33600 bit/s). If either
/// end speaks only V.34, both directions run V.34 at the slower end's top speed.
public enum ModemNegotiation {
    public struct Speeds: Sendable, Hashable {
        public var transmit: Int
        public var receive: Int
    }

    /// nil when the two cannot agree on a speed both accept (no carrier).
    public static func connect(pac: ModemProfile, remote: ModemProfile, requested: SpeedRange = .any) -> Speeds? {
        let upstream = min(pac.maximumUpstreamSpeed, remote.maximumUpstreamSpeed)
        let downstream =
            pac.modulation == .v90 && remote.modulation == .v90
            ? min(pac.maximumDownstreamSpeed, remote.maximumDownstreamSpeed)
            : min(upstream, pac.maximumDownstreamSpeed, remote.maximumDownstreamSpeed)
        let transmit = min(downstream, requested.maximum)
        let receive = min(upstream, requested.maximum)
        let floor = max(pac.minimumSpeed, remote.minimumSpeed, requested.minimum)
        guard transmit >= floor, receive >= floor else { return nil }
        return Speeds(transmit: transmit, receive: receive)
    }
}
