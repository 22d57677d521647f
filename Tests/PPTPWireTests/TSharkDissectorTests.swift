import Foundation
import InteropSupport
import NIOCore
import NIOEmbedded
import NIOExtras
import Testing
@testable import PPTPWire

/// Wireshark's PPTP and GRE dissectors as an independent reader of what our encoder writes:
/// no malformed packet, no expert warning, and every field it shows equal to ours.
@Suite("RFC 2637 our encoding read back by tshark")
struct TSharkDissectorTests {
    /// Random messages of every type (three seeds each) and both extremes of every field.
    static func messages() -> [ControlMessage] {
        ControlMessageType.allCases.flatMap { type in
            var minimum = MessageGenerator.extreme(.minimum)
            var maximum = MessageGenerator.extreme(.maximum)
            return [minimum.message(of: type), maximum.message(of: type)]
                + (1...3 as ClosedRange<UInt64>).map { seed in
                    var generator = MessageGenerator(seed: UInt64(type.rawValue) << 8 | seed)
                    return generator.message(of: type)
                }
        }
    }

    @Test("§2.1–§2.15 tshark decodes every message we encode without a problem and reads our field values")
    func controlMessages() async throws {
        let messages = Self.messages()
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("control.pcap")
            try await Self.writeTCPCapture(messages, to: file)

            #expect(try await TShark.problems(in: file) == [])
            let expected = messages.map(Self.tsharkFields)
            let names = Set(expected.flatMap(\.keys)).sorted()
            let rows = try await TShark.fields(names, in: file, displayFilter: "pptp")
            try #require(rows.count == messages.count)
            for (message, (row, fields)) in zip(messages, zip(rows, expected)) {
                for name in names {
                    #expect(
                        Self.same(row[name] ?? "", fields[name]), "\(message.type) \(name): tshark read \(row[name] ?? "")")
                }
            }
        }
    }

    /// The GRE packets of the capture test: with and without each optional number, at the
    /// ends of their ranges.
    static let greHeaders: [GREHeader] = [
        GREHeader(payloadLength: 14, callID: 0x4060, sequenceNumber: 0, acknowledgmentNumber: 0xFFFF_FFFF),
        GREHeader(payloadLength: 14, callID: 0xFFFF, sequenceNumber: 0xFFFF_FFFF, acknowledgmentNumber: 7),
        GREHeader(payloadLength: 14, callID: 0, sequenceNumber: 1, acknowledgmentNumber: nil),
        GREHeader(payloadLength: 14, callID: 0x1234, sequenceNumber: 0xFFFF_FFFF, acknowledgmentNumber: nil),
        .acknowledgmentOnly(callID: 0x4060, acknowledgmentNumber: 0),
        .acknowledgmentOnly(callID: 0xFFFF, acknowledgmentNumber: 0xFFFF_FFFF),
    ]

    /// An LCP Configure-Request with a Magic-Number option, as pptpd's first GRE packet carried
    /// (address and control field included, RFC 1662).
    static let pppFrame: [UInt8] = Hex.bytes("ff03c021 0101000a 05065a5a0001")

    @Test("§4.1 tshark decodes our GRE headers (data+ack, data only, ack only) with our Call ID, length and numbers")
    func greHeaders() async throws {
        var capture = RawIPv4PCAP(source: (198, 18, 0, 1), destination: (198, 18, 0, 2), ipProtocol: 47)
        for header in Self.greHeaders {
            var packet = ByteBuffer()
            packet.writeGREHeader(header)
            if header.sequenceNumber != nil { packet.writeBytes(Self.pppFrame) }
            capture.append(packet)
        }
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("gre.pcap")
            try Data(capture.file.readableBytesView).write(to: file)

            #expect(try await TShark.problems(in: file) == [])
            let names = ["gre.key.call_id", "gre.key.payload_length", "gre.sequence_number", "gre.ack_number",
                         "gre.flags.sequence_number", "gre.flags.ack"]
            let rows = try await TShark.fields(names, in: file, displayFilter: "gre")
            try #require(rows.count == Self.greHeaders.count)
            for (header, row) in zip(Self.greHeaders, rows) {
                #expect(Self.same(row["gre.key.call_id"]!, .number(UInt64(header.callID))), "\(header)")
                #expect(Self.same(row["gre.key.payload_length"]!, .number(UInt64(header.payloadLength))), "\(header)")
                #expect(Self.same(row["gre.sequence_number"]!, header.sequenceNumber.map { .number(UInt64($0)) }), "\(header)")
                #expect(Self.same(row["gre.ack_number"]!, header.acknowledgmentNumber.map { .number(UInt64($0)) }), "\(header)")
                #expect(Self.same(row["gre.flags.sequence_number"]!, .flag(header.sequenceNumber != nil)), "\(header)")
                #expect(Self.same(row["gre.flags.ack"]!, .flag(header.acknowledgmentNumber != nil)), "\(header)")
            }
        }
    }

    @Test("RFC 1071 the capture helper's IPv4 header checksum matches a known header")
    func ipv4Checksum() {
        let header = ByteBuffer(bytes: Hex.bytes("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7"))
        #expect(RawIPv4PCAP.checksum(header.readableBytesView) == 0xB861)
    }

    /// Wireshark 4.0's PPTP dissector reads only the first 64 octets of Call Statistics,
    /// which RFC 2637 §2.13 makes 128 (Call-Disconnect-Notify is 148 octets long).
    static let tsharkCallStatisticsWidth = 64

    @Test("§2.13 we write Call Statistics 128 octets wide; tshark 4.0 shows only the first 64")
    func callStatisticsWidth() async throws {
        let statistics = String(repeating: "A", count: 64) + String(repeating: "B", count: 64)
        let notify = ControlMessage.callDisconnectNotify(
            CallDisconnectNotify(callID: 0x180, resultCode: .adminShutdown, callStatistics: statistics))
        #expect(Array(notify.encoded[20..<148]) == Array(statistics.utf8))
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("statistics.pcap")
            try await Self.writeTCPCapture([notify], to: file)
            #expect(try await TShark.problems(in: file) == [])
            let rows = try await TShark.fields(["pptp.call_Statistics"], in: file, displayFilter: "pptp")
            #expect(rows.map { $0["pptp.call_Statistics"] } == [String(repeating: "A", count: 64)])
        }
    }

    // MARK: Writing and reading captures

    /// Writes `messages` as one TCP connection from a PNS (198.18.0.2) to a PAC's port 1723,
    /// one message a segment, through NIOWritePCAPHandler.
    static func writeTCPCapture(_ messages: [ControlMessage], to file: URL) async throws {
        let sink = try NIOWritePCAPHandler.SynchronizedFileSink.fileSinkWritingToFile(path: file.path) { error in
            Issue.record("pcap sink: \(error)")
        }
        do {
            let handler = NIOWritePCAPHandler(
                mode: .client,
                fakeLocalAddress: try SocketAddress(ipAddress: "198.18.0.2", port: 49_152),
                fakeRemoteAddress: try SocketAddress(ipAddress: "198.18.0.1", port: PPTPHeader.tcpPort),
                fileSink: sink.write)
            let channel = EmbeddedChannel(handler: handler)
            try await channel.connect(to: try SocketAddress(ipAddress: "198.18.0.1", port: PPTPHeader.tcpPort)).get()
            for message in messages {
                var buffer = ByteBuffer()
                buffer.writeControlMessage(message)
                try channel.writeOutbound(IOData.byteBuffer(buffer))
                _ = try channel.readOutbound(as: IOData.self)
            }
            _ = try channel.finish()
        } catch {
            try await sink.close()
            throw error
        }
        try await sink.close()
    }

    /// What tshark should show for a field: a number (tshark may print it in decimal or hex),
    /// a string, or a boolean flag.
    enum Expected: Equatable {
        case number(UInt64)
        case text(String)
        case flag(Bool)
    }

    /// Whether tshark's text for a field is the expected value; nil expects the field absent.
    static func same(_ shown: String, _ expected: Expected?) -> Bool {
        switch expected {
        case nil: shown.isEmpty
        case .text(let text): shown == text
        case .flag(let flag): shown == (flag ? "1" : "0") || shown == (flag ? "True" : "False")
        case .number(let number):
            shown.hasPrefix("0x") ? UInt64(shown.dropFirst(2), radix: 16) == number : UInt64(shown) == number
        }
    }

    /// Every field Wireshark's PPTP dissector shows for `message`, by its filter name, with
    /// the value our encoder put there.
    static func tsharkFields(_ message: ControlMessage) -> [String: Expected] {
        func n<T: BinaryInteger>(_ value: T) -> Expected { .number(UInt64(value)) }
        var fields: [String: Expected] = [
            "pptp.length": n(message.type.length), "pptp.type": n(1),
            "pptp.magic_cookie": n(PPTPHeader.magicCookie), "pptp.control_message_type": n(message.type.rawValue),
        ]
        switch message {
        case .startControlConnectionRequest(let m):
            fields.merge([
                "pptp.protocol_version": n(m.protocolVersion), "pptp.framing_capabilities": n(m.framingCapabilities.rawValue),
                "pptp.bearer_capabilities": n(m.bearerCapabilities.rawValue), "pptp.maximum_channels": n(m.maximumChannels),
                "pptp.firmware_revision": n(m.firmwareRevision), "pptp.host_name": .text(m.hostName),
                "pptp.vendor_name": .text(m.vendorName),
            ]) { $1 }
        case .startControlConnectionReply(let m):
            fields.merge([
                "pptp.protocol_version": n(m.protocolVersion), "pptp.control_result": n(m.resultCode.rawValue),
                "pptp.error": n(m.errorCode.rawValue), "pptp.framing_capabilities": n(m.framingCapabilities.rawValue),
                "pptp.bearer_capabilities": n(m.bearerCapabilities.rawValue), "pptp.maximum_channels": n(m.maximumChannels),
                "pptp.firmware_revision": n(m.firmwareRevision), "pptp.host_name": .text(m.hostName),
                "pptp.vendor_name": .text(m.vendorName),
            ]) { $1 }
        case .stopControlConnectionRequest(let m):
            fields["pptp.reason"] = n(m.reason.rawValue)
        case .stopControlConnectionReply(let m):
            fields.merge(["pptp.stop_result": n(m.resultCode.rawValue), "pptp.error": n(m.errorCode.rawValue)]) { $1 }
        case .echoRequest(let m):
            fields["pptp.identifier"] = n(m.identifier)
        case .echoReply(let m):
            fields.merge([
                "pptp.identifier": n(m.identifier), "pptp.echo_result": n(m.resultCode.rawValue),
                "pptp.error": n(m.errorCode.rawValue),
            ]) { $1 }
        case .outgoingCallRequest(let m):
            fields.merge([
                "pptp.call_id": n(m.callID), "pptp.call_serial_number": n(m.callSerialNumber),
                "pptp.minimum_bps": n(m.minimumBPS), "pptp.maximum_bps": n(m.maximumBPS),
                "pptp.bearer_type": n(m.bearerType.rawValue), "pptp.framing_type": n(m.framingType.rawValue),
                "pptp.packet_receive_window_size": n(m.packetReceiveWindowSize),
                "pptp.packet_processing_delay": n(m.packetProcessingDelay),
                "pptp.phone_number_length": n(m.phoneNumber.utf8.count), "pptp.phone_number": .text(m.phoneNumber),
                "pptp.subaddress": .text(m.subaddress),
            ]) { $1 }
        case .outgoingCallReply(let m):
            fields.merge([
                "pptp.call_id": n(m.callID), "pptp.peer_call_id": n(m.peerCallID),
                "pptp.out_result": n(m.resultCode.rawValue), "pptp.error": n(m.errorCode.rawValue),
                "pptp.cause": n(m.causeCode.rawValue), "pptp.connect_speed": n(m.connectSpeed),
                "pptp.packet_receive_window_size": n(m.packetReceiveWindowSize),
                "pptp.packet_processing_delay": n(m.packetProcessingDelay),
                "pptp.physical_channel_id": n(m.physicalChannelID),
            ]) { $1 }
        case .incomingCallRequest(let m):
            fields.merge([
                "pptp.call_id": n(m.callID), "pptp.call_serial_number": n(m.callSerialNumber),
                "pptp.bearer_type": n(m.bearerType.rawValue), "pptp.physical_channel_id": n(m.physicalChannelID),
                "pptp.dialed_number_length": n(m.dialedNumber.utf8.count),
                "pptp.dialing_number_length": n(m.dialingNumber.utf8.count),
                "pptp.dialed_number": .text(m.dialedNumber), "pptp.dialing_number": .text(m.dialingNumber),
                "pptp.subaddress": .text(m.subaddress),
            ]) { $1 }
        case .incomingCallReply(let m):
            fields.merge([
                "pptp.call_id": n(m.callID), "pptp.peer_call_id": n(m.peerCallID),
                "pptp.in_result": n(m.resultCode.rawValue), "pptp.error": n(m.errorCode.rawValue),
                "pptp.packet_receive_window_size": n(m.packetReceiveWindowSize),
                // Wireshark names §2.10's Packet Transmit Delay like §2.7's Processing Delay.
                "pptp.packet_processing_delay": n(m.packetTransmitDelay),
            ]) { $1 }
        case .incomingCallConnected(let m):
            fields.merge([
                "pptp.peer_call_id": n(m.peerCallID), "pptp.connect_speed": n(m.connectSpeed),
                "pptp.packet_receive_window_size": n(m.packetReceiveWindowSize),
                "pptp.packet_processing_delay": n(m.packetTransmitDelay), "pptp.framing_type": n(m.framingType.rawValue),
            ]) { $1 }
        case .callClearRequest(let m):
            fields["pptp.call_id"] = n(m.callID)
        case .callDisconnectNotify(let m):
            fields.merge([
                "pptp.call_id": n(m.callID), "pptp.disc_result": n(m.resultCode.rawValue),
                "pptp.error": n(m.errorCode.rawValue), "pptp.cause": n(m.causeCode.rawValue),
                "pptp.call_Statistics": .text(String(decoding: m.callStatistics.utf8.prefix(Self.tsharkCallStatisticsWidth), as: UTF8.self)),
            ]) { $1 }
        case .wanErrorNotify(let m):
            fields.merge([
                "pptp.peer_call_id": n(m.peerCallID), "pptp.crc_errors": n(m.crcErrors),
                "pptp.framing_errors": n(m.framingErrors), "pptp.hardware_overruns": n(m.hardwareOverruns),
                "pptp.buffer_overruns": n(m.bufferOverruns), "pptp.timeout_errors": n(m.timeoutErrors),
                "pptp.alignment_errors": n(m.alignmentErrors),
            ]) { $1 }
        case .setLinkInfo(let m):
            fields.merge([
                "pptp.peer_call_id": n(m.peerCallID), "pptp.send_accm": n(m.sendACCM),
                "pptp.receive_accm": n(m.receiveACCM),
            ]) { $1 }
        }
        return fields
    }
}

/// Runs `body` with a new temporary directory and removes the directory afterwards.
func withTemporaryDirectory(_ body: (URL) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pac-pcap-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    do {
        try await body(directory)
    } catch {
        try? FileManager.default.removeItem(at: directory)
        throw error
    }
    try FileManager.default.removeItem(at: directory)
}
