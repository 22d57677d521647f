import Foundation
import InteropSupport

/// Random loss of GRE packets between the two namespaces of a pair, both ways, with
/// nftables: this kernel has no sch_netem (`tc qdisc add … netem` says "Specified qdisc kind
/// is unknown"), so `numgen random` drops instead. Packets are dropped where they arrive (the
/// input hook of the receiving namespace): a drop at the sender's output hook would fail its
/// sendto() with EPERM, which is not loss — pptp-linux exits on it. Named counters tell how
/// many GRE packets arrived each way and how many of them were dropped, in all and of data
/// packets (the S bit, RFC 2637 §4.1: bit 3 of the GRE header). The tables go with the
/// namespaces.
enum LossyPath {
    struct Counters: CustomStringConvertible {
        /// GRE packets that reached the PAC's namespace, and how many of them were dropped;
        /// all of them, and those with data (S bit set).
        var toPAC: Int
        var droppedToPAC: Int
        var dataToPAC: Int
        var droppedDataToPAC: Int
        /// The same for GRE packets that reached pptp's namespace.
        var toPNS: Int
        var droppedToPNS: Int
        var dataToPNS: Int
        var droppedDataToPNS: Int

        var description: String {
            "to PAC \(toPAC) (data \(dataToPAC)), dropped \(droppedToPAC) (data \(droppedDataToPAC)); "
                + "to PNS \(toPNS) (data \(dataToPNS)), dropped \(droppedToPNS) (data \(droppedDataToPNS))"
        }
    }

    /// Drops `percent` % of the GRE packets arriving in each namespace of `pair`.
    static func install(in pair: NetworkNamespacePair, percent: Int) async throws {
        for side in NetworkNamespacePair.Side.allCases {
            let rules = """
                table ip pac_impair {
                  counter arrived {}
                  counter arrived_data {}
                  counter dropped {}
                  counter dropped_data {}
                  chain input {
                    type filter hook input priority 0; policy accept;
                    ip protocol gre counter name "arrived"
                    ip protocol gre @th,3,1 1 counter name "arrived_data"
                    ip protocol gre numgen random mod 100 < \(percent) meta mark set 0x4c
                    meta mark 0x4c ip protocol gre @th,3,1 1 counter name "dropped_data"
                    meta mark 0x4c ip protocol gre counter name "dropped" drop
                  }
                }
                """
            let file = pair.workDirectory.appendingPathComponent("impair-\(side.rawValue).nft")
            try rules.write(to: file, atomically: true, encoding: .utf8)
            _ = try await Command.output(["ip", "netns", "exec", pair.namespace(side), "nft", "-f", file.path])
        }
    }

    static func counters(in pair: NetworkNamespacePair) async throws -> Counters {
        let a = try await packets(in: pair, .a)
        let b = try await packets(in: pair, .b)
        return Counters(
            toPAC: a["arrived"] ?? -1, droppedToPAC: a["dropped"] ?? -1,
            dataToPAC: a["arrived_data"] ?? -1, droppedDataToPAC: a["dropped_data"] ?? -1,
            toPNS: b["arrived"] ?? -1, droppedToPNS: b["dropped"] ?? -1,
            dataToPNS: b["arrived_data"] ?? -1, droppedDataToPNS: b["dropped_data"] ?? -1)
    }

    /// Packets per named counter in one namespace, from `nft list counters`.
    private static func packets(in pair: NetworkNamespacePair, _ side: NetworkNamespacePair.Side) async throws
        -> [String: Int]
    {
        let text = try await Command.output(["ip", "netns", "exec", pair.namespace(side), "nft", "list", "counters"])
        var packets: [String: Int] = [:]
        var name = ""
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let words = line.split(separator: " ")
            if words.first == "counter", words.count >= 2 { name = String(words[1]) }
            if words.first == "packets", words.count >= 2 { packets[name] = Int(words[1]) }
        }
        return packets
    }
}
