import Foundation
import GRETransport
import Logging
import NIOCore
import NIOExtras
import PPTPProtocol

/// Which calls `CallCapture` records. Every criterion given must hold; none given: all calls.
public struct CaptureFilter: Sendable, Equatable {
    /// The PNS's address or prefix.
    public var peer: IPv4Network?
    public var line: Int?
    /// A prefix of the dialed or the calling number.
    public var number: String?

    public init(peer: IPv4Network? = nil, line: Int? = nil, number: String? = nil) {
        self.peer = peer
        self.line = line
        self.number = number
    }

    /// Control connections are captured whole, from their first byte: only the peer can
    /// choose them, since a connection's calls are not known when it opens.
    func capturesConnection(from peer: IPv4Address?) -> Bool {
        guard let wanted = self.peer else { return true }
        return peer.map(wanted.contains) ?? false
    }

    func capturesCall(peer: IPv4Address?, line: Int, numbers: [String]) -> Bool {
        capturesConnection(from: peer) && (self.line.map { $0 == line } ?? true)
            && (number.map { prefix in numbers.contains { $0.hasPrefix(prefix) } } ?? true)
    }
}

/// Control and GRE traffic of chosen calls in one pcap file that Wireshark and tshark open
/// (docs/records.md). The file's link type is NIOWritePCAPHandler's (BSD loopback, a 4-octet
/// address family before each IP packet): its handler writes the control connections as
/// TCP, and `GREPacketRecord` writes each GRE packet as an IPv4 packet in the same format.
/// Writes go through swift-nio-extras' file sink, off the event loop.
public final class CallCapture: Sendable {
    public let path: String
    public let filter: CaptureFilter
    private let sink: NIOWritePCAPHandler.SynchronizedFileSink

    /// Creates (truncates) the file. A write that fails later is logged once and capture stops;
    /// the daemon goes on.
    public init(path: String, filter: CaptureFilter, logger: Logger) throws {
        self.path = path
        self.filter = filter
        sink = try NIOWritePCAPHandler.SynchronizedFileSink.fileSinkWritingToFile(path: path) { error in
            logger.error("packet capture to \(path) stopped: \(error)")
        }
    }

    /// The handler that records a control connection, first in its pipeline. The filter is
    /// asked at the handler's first output, the handshake it writes when the channel becomes
    /// active: a connection the PAC opens has no peer address before then.
    func controlHandler(for channel: any Channel, origin: ControlConnectionOrigin) -> NIOWritePCAPHandler {
        let (sink, filter) = (self.sink, self.filter)
        var chosen: Bool?
        return NIOWritePCAPHandler(mode: origin == .receiver ? .server : .client) { [weak channel] buffer in
            if chosen == nil { chosen = filter.capturesConnection(from: IPv4Address(channel?.remoteAddress)) }
            if chosen == true { sink.write(buffer: buffer) }
        }
    }

    /// The tap that records one call's GRE packets between `local` and `peer`.
    func greTap(local: IPv4Address, peer: IPv4Address) -> GRETap {
        let sink = self.sink
        return { direction, packet in
            let (source, destination) = direction == .sent ? (local, peer) : (peer, local)
            sink.write(buffer: GREPacketRecord.pcapRecord(packet, from: source, to: destination, at: Date()))
        }
    }

    /// Writes what is queued and closes the file.
    public func close() async {
        try? await sink.close()
    }
}

/// The tiny pcap record writer for GRE: swift-nio-extras synthesises TCP only, so each GRE
/// packet becomes one record of the file's link type (BSD loopback: address family 2, then
/// an IPv4 header with protocol 47 and a correct checksum, then the GRE packet).
enum GREPacketRecord {
    static func pcapRecord(_ gre: ByteBuffer, from source: IPv4Address, to destination: IPv4Address, at time: Date)
        -> ByteBuffer
    {
        let ipLength = 20 + gre.readableBytes
        var record = ByteBuffer()
        record.reserveCapacity(16 + 4 + ipLength)
        let microseconds = Int64((time.timeIntervalSince1970 * 1e6).rounded())
        // pcap record header (host byte order, like the file header NIOWritePCAPHandler wrote)
        record.writeInteger(UInt32(truncatingIfNeeded: microseconds / 1_000_000), endianness: .host)
        record.writeInteger(UInt32(truncatingIfNeeded: microseconds % 1_000_000), endianness: .host)
        record.writeInteger(UInt32(4 + ipLength), endianness: .host)  // captured length
        record.writeInteger(UInt32(4 + ipLength), endianness: .host)  // original length
        record.writeInteger(UInt32(2), endianness: .host)  // BSD loopback: AF_INET
        var header: [UInt8] = [
            0x45, 0, UInt8(ipLength >> 8), UInt8(ipLength & 0xFF),  // version 4, IHL 5, total length
            0, 0, 0x40, 0,  // identification, don't fragment
            64, 47, 0, 0,  // TTL, protocol GRE, checksum (below)
        ]
        header += source.octets + destination.octets
        let checksum = internetChecksum(header)
        header[10] = UInt8(checksum >> 8)
        header[11] = UInt8(checksum & 0xFF)
        record.writeBytes(header)
        record.writeImmutableBuffer(gre)
        return record
    }

    /// RFC 791 header checksum: the one's complement of the one's-complement sum of the 16-bit words.
    static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        for index in stride(from: 0, to: bytes.count, by: 2) {
            sum += UInt32(bytes[index]) << 8 | UInt32(index + 1 < bytes.count ? bytes[index + 1] : 0)
        }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}

extension IPv4Address {
    /// The address as it goes on the wire, most significant octet first.
    var octets: [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
}
