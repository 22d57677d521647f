/// The pair of Async-Control-Character-Maps in force on one async line (RFC 1662 §7.1).
///
/// Bit n set means control character n (0x00–0x1F) must travel escaped. The PNS sets both maps
/// with Set-Link-Info (RFC 2637 §2.15) once PPP has negotiated them, and the PAC shows them in its
/// status, hence the hexadecimal `description`.
public struct ACCM: Sendable, Hashable {
    /// Characters this side escapes when it sends (the peer's receiving ACCM).
    public var send: UInt32
    /// Characters this side drops when they arrive unescaped (inserted by modems on the path).
    public var receive: UInt32

    public init(send: UInt32, receive: UInt32) {
        self.send = send
        self.receive = receive
    }

    /// RFC 1662 §7.1: until LCP negotiates otherwise, every control character is mapped both ways.
    public static let `default` = ACCM(send: 0xFFFF_FFFF, receive: 0xFFFF_FFFF)
}

extension ACCM: CustomStringConvertible {
    /// `send 0xFFFFFFFF receive 0x00000000`, the form operators compare with a peer's LCP log.
    public var description: String {
        "send \(Self.hex(send)) receive \(Self.hex(receive))"
    }

    private static func hex(_ map: UInt32) -> String {
        let digits = String(map, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
