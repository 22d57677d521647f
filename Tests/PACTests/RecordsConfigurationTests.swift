import Foundation
import LineHAL
import NIOCore
import Testing
@testable import PAC

@Suite("Records and capture configuration")
struct RecordsConfigurationTests {
    @Test("records.file and capture keys are read; relative paths are taken beside the configuration file")
    func keys() throws {
        let yaml = """
            records:
              file: cdr/calls.jsonl
            capture:
              file: /tmp/pac.pcap
              peer: 198.18.0.0/15
              line: 3
              number: "555"
            """
        let records = try DaemonConfiguration.parse(yaml, file: "/etc/pac/pac.yaml").records
        #expect(records.callRecordsFile == "/etc/pac/cdr/calls.jsonl")
        #expect(records.captureFile == "/tmp/pac.pcap")
        #expect(records.captureFilter == CaptureFilter(peer: IPv4Network("198.18.0.0/15"), line: 3, number: "555"))
    }

    @Test("records go to the default file unless 'off'; nothing is captured by default")
    func defaults() throws {
        #expect(DaemonConfiguration().records.callRecordsFile == "/var/log/pac/calls.jsonl")
        #expect(DaemonConfiguration().records.captureFile == nil)
        #expect(try DaemonConfiguration.parse("records:\n  file: \"off\"\n", file: "pac.yaml").records.callRecordsFile == nil)
    }

    @Test("errors name file, line and key", arguments: [
        ("capture:\n  peer: 1.2.3.4\n", 2, "capture.file", "required key is missing"),
        ("capture:\n  file: x.pcap\n  peer: 1.2.3\n", 3, "capture.peer", "'1.2.3' is not an IPv4 address or prefix such as 198.18.0.0/15"),
        ("records:\n  path: x\n", 2, "records.path", "unknown key"),
    ])
    func errors(yaml: String, line: Int, key: String, problem: String) {
        #expect(throws: ProfileError(file: "pac.yaml", line: line, key: key, problem: problem)) {
            try DaemonConfiguration.parse(yaml, file: "pac.yaml")
        }
    }

    @Test("the capture filter: every criterion given must hold; control connections are chosen by peer only")
    func filter() {
        let pns = IPv4Address("198.18.0.2")!
        let filter = CaptureFilter(peer: IPv4Network("198.18.0.0/30"), line: 3, number: "555")
        #expect(filter.capturesConnection(from: pns) && !filter.capturesConnection(from: IPv4Address("198.18.0.6")))
        #expect(filter.capturesCall(peer: pns, line: 3, numbers: ["5550100"]))
        #expect(filter.capturesCall(peer: pns, line: 3, numbers: ["0123", "5559000"]), "the calling number counts too")
        #expect(!filter.capturesCall(peer: pns, line: 4, numbers: ["5550100"]))
        #expect(!filter.capturesCall(peer: pns, line: 3, numbers: ["6660100"]))
        #expect(CaptureFilter().capturesCall(peer: nil, line: 1, numbers: []))
    }

    @Test("a GRE packet record: BSD-loopback family 2, an IPv4 header with protocol 47 and a valid checksum")
    func greRecord() throws {
        let gre = ByteBuffer(bytes: [0x30, 0x81, 0x88, 0x0B, 0, 4, 0, 7, 0, 0, 0, 1, 0xFF, 0x03, 0xC0, 0x21])
        let record = GREPacketRecord.pcapRecord(
            gre, from: IPv4Address("198.18.0.1")!, to: IPv4Address("198.18.0.2")!,
            at: Date(timeIntervalSince1970: 1_000_000_000.5))
        let words: [UInt32?] = (0..<5).map { record.getInteger(at: $0 * 4, endianness: .host, as: UInt32.self) }
        let expected: [UInt32?] = [1_000_000_000, 500_000, 40, 40, 2]
        #expect(words == expected, "time, captured and original length, AF_INET")
        let header = try #require(record.getBytes(at: 20, length: 20))
        #expect(header[0] == 0x45 && header[2] == 0 && header[3] == 36 && header[9] == 47)
        #expect(Array(header[12..<20]) == [198, 18, 0, 1, 198, 18, 0, 2])
        #expect(GREPacketRecord.internetChecksum(header) == 0, "a header with its checksum sums to zero")
        #expect(record.getBytes(at: 40, length: record.readableBytes - 40) == Array(gre.readableBytesView))
    }

    @Test("RFC 1071 checksum of a known IPv4 header")
    func checksum() {
        let header: [UInt8] = [0x45, 0, 0, 0x73, 0, 0, 0x40, 0, 0x40, 0x11, 0, 0, 0xC0, 0xA8, 0, 1, 0xC0, 0xA8, 0, 0xC7]
        #expect(GREPacketRecord.internetChecksum(header) == 0xB861)
    }
}
