import Foundation

/// Which /30 of 198.19.0.0/16 a namespace pair uses. 198.18.0.0/15 is reserved for
/// benchmarking (RFC 2544), so nothing here can reach a real network; scripts use
/// 198.18.0.0/16, the Swift fixture 198.19.0.0/16.
///
/// Pairs are isolated from each other by their namespaces, so equal addresses could not
/// collide; distinct subnets still make a capture or a log line say which pair it came from.
/// The index mixes the process ID (tests in parallel processes) with a per-process counter
/// (tests in parallel tasks): 1024 × 16 subnets.
struct AddressPlan: Sendable {
    let index: Int

    init(processID: Int32, sequence: Int) {
        index = (Int(processID) & 0x3ff) << 4 | (sequence & 0xf)
    }

    /// The subnet's prefix length: a point-to-point link needs two hosts.
    let prefixLength = 30

    /// Host 1 of the /30 for side a, host 2 for side b.
    func address(_ side: NetworkNamespacePair.Side) -> String {
        let host = index * 4 + (side == .a ? 1 : 2)
        return "198.19.\(host >> 8).\(host & 0xff)"
    }
}
