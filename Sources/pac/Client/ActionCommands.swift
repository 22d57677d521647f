import ArgumentParser
import Foundation
import PAC
import PACAdminClient

/// `pac ring`: an incoming call on a simulated line.
struct Ring: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ring a simulated line with an incoming call; the PAC offers it to a PNS (Incoming-Call-Request).")
    @Argument(help: "The line's ID (see `pac lines`).") var line: Int
    @Option(help: .init("The caller's number: a subscriber of the simulated switch (e.g. 5550150).", valueName: "number"))
    var from: String
    @Option(help: .init("The dialed number the PNS sees.", valueName: "number")) var to: String?
    @OptionGroup var connection: AdminConnection

    func run() async throws {
        try await reportingFailures {
            var query = URLComponents()
            query.queryItems = [URLQueryItem(name: "from", value: from)] + (to.map { [URLQueryItem(name: "to", value: $0)] } ?? [])
            _ = try await connection.client.send("POST", "/v1/lines/\(line)/ring?\(query.percentEncodedQuery ?? "")")
            print("line \(line) rings: a call from \(from)\(to.map { " to \($0)" } ?? "") is offered to a PNS")
        }
    }
}

/// `pac dial`: a lab-bench test call that no PNS sees.
struct Dial: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Have a line place a test call through its switch, with no PNS, and print the outcome.",
        discussion: """
            The PAC takes the line from the pool, dials NUMBER, and reports connected (with the speeds) \
            or why not: busy, no-answer, no-dial-tone, no-carrier, refused… with the Q.931 cause. A \
            connected call is held for --hold seconds, then hung up. Exit status: 0 connected, 2 not \
            connected, 1 when the PAC could not be asked or refused (unknown line, line not free).
            """)
    @Argument(help: "The line's ID (see `pac lines`).") var line: Int
    @Argument(help: "The number to dial.") var number: String
    @Option(help: .init("Seconds to hold a connected call before hanging up.", valueName: "s")) var hold: Double = 0
    @OptionGroup var options: AdminOptions

    func run() async throws {
        var outcome: TestCallOutcome?
        try await reportingFailures {
            var query = URLComponents()
            query.queryItems = [URLQueryItem(name: "number", value: number), URLQueryItem(name: "hold", value: "\(hold)")]
            // Ringing out takes up to the switch's no-answer time (60 s with realistic timing).
            let (answer, data) = try await options.client.fetch(
                TestCallOutcome.self, "/v1/lines/\(line)/dial?\(query.percentEncodedQuery ?? "")", method: "POST",
                timeout: 180)
            outcome = answer
            if options.json { return options.printJSON(data) }
            let after = String(format: "%.1f s", answer.setupMilliseconds / 1000)
            if answer.result == "connected" {
                let end = answer.holdSeconds > 0 ? "the PAC hangs up in \(answer.holdSeconds) s" : "hung up"
                print("line \(line): \(number) connected at \(answer.transmitSpeed ?? 0)/\(answer.receiveSpeed ?? 0) bit/s after \(after); \(end)")
            } else {
                let cause = answer.cause.map { " (cause \($0)\(answer.causeText.map { ", \($0)" } ?? ""))" } ?? ""
                print("line \(line): \(number) \(answer.result)\(cause) after \(after)")
            }
        }
        if outcome?.result != "connected" { throw ExitCode(2) }
    }
}

/// `pac hangup`: ends a PPTP call from the PAC's side.
struct Hangup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hang up a call's line; the PNS gets Call-Disconnect-Notify.")
    @Argument(help: "The call's Call ID (see `pac calls`).") var call: UInt16
    @OptionGroup var connection: AdminConnection

    func run() async throws {
        try await reportingFailures {
            _ = try await connection.client.send("DELETE", "/v1/calls/\(call)")
            print("call \(call) hung up")
        }
    }
}

/// `pac impair`: noise, delay and carrier loss on a simulated line.
struct Impair: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set, show or clear a simulated line's impairments; a call in progress feels them at once.",
        discussion: "The given impairments replace those in force (an option not given is zero). Without options it shows them; --clear removes them.")
    @Argument(help: "The line's ID (see `pac lines`).") var line: Int
    @Option(help: .init("Bit error rate, both directions (e.g. 1e-5).", valueName: "p")) var ber: Double?
    @Option(help: .init("One-way delay in milliseconds, both directions.", valueName: "ms")) var latency: Double?
    @Option(help: .init("Drop the carrier this many seconds from now (Call-Disconnect-Notify Lost Carrier).", valueName: "s"))
    var dropCarrierAfter: Double?
    @Option(help: .init("Probability that the receiver loses a character to a FIFO overrun.", valueName: "p"))
    var overrunRate: Double?
    @Flag(help: "Remove every impairment.") var clear = false
    @OptionGroup var options: AdminOptions

    func validate() throws {
        let setting = [ber, latency, dropCarrierAfter, overrunRate].contains { $0 != nil }
        if clear, setting { throw ValidationError("--clear takes no impairment options") }
    }

    func run() async throws {
        try await reportingFailures {
            let path = "/v1/lines/\(line)/impairments"
            let settings = ImpairmentSettings(
                bitErrorRate: ber, latencyMilliseconds: latency, dropCarrierAfterSeconds: dropCarrierAfter,
                hardwareOverrunRate: overrunRate)
            let (method, body): (String, Data?) =
                clear ? ("DELETE", nil)
                : settings == ImpairmentSettings() ? ("GET", nil) : ("PUT", try JSONEncoder().encode(settings))
            let (inForce, data) = try await options.client.fetch(ImpairmentSettings.self, path, method: method, body: body)
            if options.json { return options.printJSON(data) }
            var parts: [String] = []
            if let ber = inForce.bitErrorRate { parts.append("bit error rate \(ber)") }
            if let latency = inForce.latencyMilliseconds { parts.append("latency \(latency) ms") }
            if let drop = inForce.dropCarrierAfterSeconds { parts.append(String(format: "carrier drops in %.1f s", drop)) }
            if let overrun = inForce.hardwareOverrunRate { parts.append("overrun rate \(overrun)") }
            print("line \(line): \(parts.isEmpty ? "no impairments" : parts.joined(separator: ", "))")
        }
    }
}

/// `pac line LINE up|down`.
struct LineService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "line",
        abstract: "Take a line out of service (a call on it is hung up) or put it back.")
    enum Change: String, ExpressibleByArgument, CaseIterable {
        case up, down
    }
    @Argument(help: "The line's ID (see `pac lines`).") var line: Int
    @Argument(help: "up or down.") var change: Change
    @OptionGroup var connection: AdminConnection

    func run() async throws {
        try await reportingFailures {
            _ = try await connection.client.send("POST", "/v1/lines/\(line)/\(change.rawValue)")
            print("line \(line) is \(change == .up ? "back in service" : "out of service")")
        }
    }
}
