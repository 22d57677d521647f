import NIOCore
import NIOEmbedded

/// The wires between in-memory channels in virtual time: TCP streams carry bytes both ways
/// and close together; a datagram network carries GRE between hosts as a raw IPv4 socket
/// does, so the GRE sockets at both ends see real datagrams (IP header, GRE header, payload).
final class InMemoryNetwork {
    private var streams: [(EmbeddedChannel, EmbeddedChannel)] = []
    private var hosts: [(address: SocketAddress, channel: EmbeddedChannel)] = []

    func connectStream(_ a: EmbeddedChannel, _ b: EmbeddedChannel) {
        streams.append((a, b))
    }

    /// A host on the datagram network; its channel's outbound envelopes are routed by address.
    func attachHost(_ channel: EmbeddedChannel, address: SocketAddress) {
        hosts.append((address, channel))
    }

    /// Moves whatever is waiting; true if anything moved.
    func pump() -> Bool {
        var moved = false
        for (a, b) in streams {
            // Bytes one side reads can make it write (and close) at once: carry them all
            // first, so that a close reaches the other end after the bytes written before it.
            while move(from: a, to: b) || move(from: b, to: a) { moved = true }
            if a.isActive != b.isActive {
                (a.isActive ? a : b).close(promise: nil)
                moved = true
            }
        }
        for sender in hosts {
            while let envelope = try? sender.channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) {
                moved = true
                guard let receiver = hosts.first(where: { $0.address.ipAddress == envelope.remoteAddress.ipAddress }) else {
                    continue  // no such host: the datagram is lost, as on a real network
                }
                let datagram = Self.ipv4Datagram(envelope.data, from: sender.address, to: receiver.address)
                _ = try? receiver.channel.writeInbound(AddressedEnvelope(remoteAddress: sender.address, data: datagram))
            }
        }
        return moved
    }

    private func move(from source: EmbeddedChannel, to destination: EmbeddedChannel) -> Bool {
        var moved = false
        while let bytes = try? source.readOutbound(as: ByteBuffer.self) {
            moved = true
            if destination.isActive { _ = try? destination.writeInbound(bytes) }
        }
        return moved
    }

    /// What a raw IPv4 socket receives: a 20-octet header (RFC 791), protocol 47, then GRE.
    static func ipv4Datagram(_ payload: ByteBuffer, from source: SocketAddress, to destination: SocketAddress) -> ByteBuffer {
        var datagram = ByteBuffer()
        datagram.writeInteger(UInt8(0x45))  // version 4, IHL 5
        datagram.writeInteger(UInt8(0))
        datagram.writeInteger(UInt16(truncatingIfNeeded: 20 + payload.readableBytes))
        datagram.writeInteger(UInt32(0))  // identification, flags, fragment offset
        datagram.writeInteger(UInt8(64))  // TTL
        datagram.writeInteger(UInt8(47))  // GRE
        datagram.writeInteger(UInt16(0))  // checksum: nobody checks it in memory
        datagram.writeBytes(octets(source))
        datagram.writeBytes(octets(destination))
        datagram.writeImmutableBuffer(payload)
        return datagram
    }

    private static func octets(_ address: SocketAddress) -> [UInt8] {
        (address.ipAddress ?? "0.0.0.0").split(separator: ".").map { UInt8($0) ?? 0 }
    }
}
