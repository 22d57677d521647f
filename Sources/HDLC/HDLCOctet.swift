/// The octets with a meaning of their own in octet-stuffed framing (RFC 1662 §4.1, §4.2).
enum HDLCOctet {
    /// RFC 1662 §4.1: the Flag Sequence begins and ends every frame.
    static let flag: UInt8 = 0x7E
    /// RFC 1662 §4.2: the Control Escape announces that the next octet was XORed with `escapeMask`.
    static let controlEscape: UInt8 = 0x7D
    /// RFC 1662 §4.2: an escaped octet is sent with bit 5 complemented.
    static let escapeMask: UInt8 = 0x20
}

extension UInt32 {
    /// RFC 1662 §7.1: bit n of an ACCM maps the control character n; octets 0x20 and above are
    /// never in it.
    func maps(_ octet: UInt8) -> Bool {
        octet < 0x20 && (self >> UInt32(octet)) & 1 != 0
    }
}
