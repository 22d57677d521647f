import Foundation
import InteropSupport

/// `pac serve` in side a of a namespace pair, and the operator's `pac` subcommands run next to
/// it (the admin API listens on side a's loopback): what `pac status` & co. are tested against.
struct OperatorBench: Sendable {
    let pair: NetworkNamespacePair
    let serve: ChildProcess

    /// What a client command did.
    struct Run {
        var status: ExitStatus
        var output: String
        var errors: String
    }

    /// Runs `body` with `pac serve` (quick timing, 4 instant modems and the PRI span) up and
    /// its admin API answering; everything is stopped and removed afterwards.
    static func with(serveOptions: [String] = [], _ body: @Sendable (OperatorBench) async throws -> Void) async throws {
        try await Pptpd.exclusively {
            try await withNetworkNamespacePair { pair in
                let serve = try pair.runBuiltProduct(
                    in: .a, "pac",
                    ["serve", "--listen", pair.address(.a), "--hardware", PACWithPptpLinuxTests.hardware, "--modem",
                     "instant-modem", "--timing", "quick", "--analog-lines", "4", "--call-records", "off"] + serveOptions)
                try await Pptpd.waitForListener(in: pair, on: .a, port: 8723, process: serve)
                try await body(OperatorBench(pair: pair, serve: serve))
            }
        }
    }

    /// Runs `pac ARGUMENTS` beside the daemon and waits for it to end (30 s at most).
    func pac(_ arguments: [String], environment: [String] = []) async throws -> Run {
        let command = environment.isEmpty ? [try BuiltProduct.path("pac")] : ["env"] + environment + [try BuiltProduct.path("pac")]
        let child = try pair.run(in: .a, command[0], Array(command.dropFirst()) + arguments)
        let status = try await child.waitForExit(within: 30)
        return Run(status: status, output: child.standardOutput(), errors: child.standardError())
    }

    /// `pac ARGUMENTS --json`, decoded.
    func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) async throws -> T {
        let run = try await pac(arguments + ["--json"])
        guard run.status == .exited(0) else { throw InteropError.processFailed("pac \(arguments): \(run.status) \(run.errors)") }
        return try JSONDecoder().decode(T.self, from: Data(run.output.utf8))
    }

    /// An HTTP GET to the admin API, as curl sees it.
    func get(_ path: String) async throws -> String {
        try await Command.output(["ip", "netns", "exec", pair.namespace(.a), "curl", "-sf", "127.0.0.1:8723\(path)"])
    }

    /// A PNS on side b placing one call (`pac pns call`) and holding it for `hold` seconds.
    func placeCall(_ number: String, hold: Double, frames: Int = 0) throws -> ChildProcess {
        try pair.runBuiltProduct(
            in: .b, "pac", ["pns", "call", pair.address(.a), number, "--hold", "\(hold)", "--frames", "\(frames)", "--json"])
    }
}
