import NIOCore
import PPTPProtocol

extension TunnelWindow {
    /// The PNS's end of a call's tunnel (RFC 2637 §4), sized by what the PAC advertised for
    /// the call and what the PNS advertised itself.
    static func pns(peerCallID: UInt16, peerWindow: UInt16, peerProcessingDelay: UInt16, receiveWindow: UInt16) -> TunnelWindow {
        TunnelWindow(
            configuration: .init(
                peerCallID: peerCallID, peerReceiveWindowSize: peerWindow,
                peerPacketProcessingDelay: .packetProcessingDelay(tenthsOfASecond: peerProcessingDelay),
                receiveWindowSize: receiveWindow))
    }
}
