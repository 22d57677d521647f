import Foundation
import InteropSupport

/// Random loss of GRE packets in one namespace of a pair, both ways, with nftables: this
/// kernel has no sch_netem (`tc qdisc add … netem` says "Specified qdisc kind is unknown"),
/// so `numgen random` drops instead. Named counters tell how many GRE packets went each way
/// before the drop and how many were dropped. The table goes with the namespace.
enum LossyPath {
    struct Counters: CustomStringConvertible {
        /// GRE packets pptp's namespace sent towards the PAC, and how many of them it dropped.
        var toPAC: Int
        var droppedToPAC: Int
        /// GRE packets that arrived from the PAC, and how many of them were dropped.
        var toPNS: Int
        var droppedToPNS: Int

        var description: String {
            "to PAC \(toPAC) (dropped \(droppedToPAC)), to PNS \(toPNS) (dropped \(droppedToPNS))"
        }
    }

    /// Drops `percent` % of GRE packets leaving and entering side b of `pair`.
    static func install(in pair: NetworkNamespacePair, percent: Int) async throws {
        let rules = """
            table ip pac_impair {
              counter to_pac {}
              counter dropped_to_pac {}
              counter to_pns {}
              counter dropped_to_pns {}
              chain output {
                type filter hook output priority 0; policy accept;
                ip protocol gre counter name "to_pac"
                ip protocol gre numgen random mod 100 < \(percent) counter name "dropped_to_pac" drop
              }
              chain input {
                type filter hook input priority 0; policy accept;
                ip protocol gre counter name "to_pns"
                ip protocol gre numgen random mod 100 < \(percent) counter name "dropped_to_pns" drop
              }
            }
            """
        let file = pair.workDirectory.appendingPathComponent("impair.nft")
        try rules.write(to: file, atomically: true, encoding: .utf8)
        _ = try await Command.output(["ip", "netns", "exec", pair.namespace(.b), "nft", "-f", file.path])
    }

    static func counters(in pair: NetworkNamespacePair) async throws -> Counters {
        let text = try await Command.output(["ip", "netns", "exec", pair.namespace(.b), "nft", "list", "counters"])
        var packets: [String: Int] = [:]
        var name = ""
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let words = line.split(separator: " ")
            if words.first == "counter", words.count >= 2 { name = String(words[1]) }
            if words.first == "packets", words.count >= 2 { packets[name] = Int(words[1]) }
        }
        return Counters(
            toPAC: packets["to_pac"] ?? -1, droppedToPAC: packets["dropped_to_pac"] ?? -1,
            toPNS: packets["to_pns"] ?? -1, droppedToPNS: packets["dropped_to_pns"] ?? -1)
    }
}
