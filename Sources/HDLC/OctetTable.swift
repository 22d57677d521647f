/// 256-entry tables built from an ACCM whenever it changes, so that the per-octet loops look an
/// octet up instead of testing it against the map and the special octets: a table load never
/// turns into a branch that random payload (one octet in eight special) would mispredict.
enum OctetTable {
    /// RFC 1662 §4.2, §7.1: 1 for each octet the sender escapes: the Flag Sequence, the Control
    /// Escape, and the control characters flagged in the sending ACCM.
    static func escapes(sendACCM: UInt32) -> [UInt8] {
        (0...255).map { octet in
            let octet = UInt8(octet)
            return octet == HDLCOctet.flag || octet == HDLCOctet.controlEscape || sendACCM.maps(octet) ? 1 : 0
        }
    }

    /// In `received(receiveACCM:)`: the octet leaves the common path: a Flag Sequence, or a
    /// control character flagged in the receiving ACCM (inserted on the way, RFC 1662 §7.1).
    static let uncommon: UInt8 = 1
    /// In `received(receiveACCM:)`: the octet is the Control Escape (RFC 1662 §4.2).
    static let controlEscape: UInt8 = 2

    /// The class of each received octet: `uncommon`, `controlEscape` or 0 for plain data.
    static func received(receiveACCM: UInt32) -> [UInt8] {
        (0...255).map { octet in
            let octet = UInt8(octet)
            if octet == HDLCOctet.flag || receiveACCM.maps(octet) { return uncommon }
            return octet == HDLCOctet.controlEscape ? controlEscape : 0
        }
    }
}
