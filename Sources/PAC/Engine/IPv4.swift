import NIOCore

/// An IPv4 address in host byte order, so that comparisons follow RFC 2637 §3.1.3
/// ("compared as 32 bit unsigned values, network number more significant").
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text; nil when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard part.count <= 3, let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        self.value = value
    }

    /// The IPv4 address of a socket address; nil for IPv6 and Unix sockets.
    public init?(_ address: SocketAddress?) {
        guard case .v4(let v4)? = address else { return nil }
        self.value = UInt32(bigEndian: v4.address.sin_addr.s_addr)
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }
}

/// An IPv4 prefix such as 198.18.0.0/15; a bare address is a /32.
public struct IPv4Network: Hashable, Sendable, CustomStringConvertible {
    public var address: IPv4Address
    public var prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPv4Address(String(parts[0])) else { return nil }
        let length = parts.count == 2 ? Int(parts[1]) : 32
        guard let length, (0...32).contains(length) else { return nil }
        self.address = address
        self.prefixLength = length
    }

    private var mask: UInt32 { prefixLength == 0 ? 0 : ~UInt32(0) << (32 - prefixLength) }

    public func contains(_ candidate: IPv4Address) -> Bool {
        candidate.value & mask == address.value & mask
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
