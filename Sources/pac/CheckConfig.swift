import ArgumentParser
import PAC

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a configuration file and print the effective configuration.")

    @Argument(help: "The YAML configuration file.") var file: String

    func run() throws {
        let daemon: DaemonConfiguration
        let modems: [ModemPool.Resolved]
        do {
            daemon = try DaemonConfiguration.load(file: file)
            modems = daemon.modemLines.isEmpty
                ? [] : try ModemPool.resolve(daemon.modemLines, hardware: HardwareFolder.path(daemon.hardware))
        } catch {
            print("pac: \(error)")
            throw ExitCode(1)
        }
        let hardware = daemon.hardware ?? "(./Hardware or next to the executable)"
        print("""
            control: listen \(daemon.listen):\(daemon.port), host name "\(daemon.hostName)", vendor "\(daemon.vendorName)"
              allow: \(daemon.allowedPNS.isEmpty ? "every address" : daemon.allowedPNS.map(\.description).joined(separator: ", "))
              default number: \(daemon.defaultPhoneNumber ?? "none")
              PNS peers to connect to: \(daemon.pnsPeers.isEmpty ? "none" : daemon.pnsPeers.map(\.description).joined(separator: ", "))
              routes: \(daemon.incomingRoutes.isEmpty ? "none" : daemon.incomingRoutes.map { "\($0.dialedPrefix)… → \($0.pns)" }.joined(separator: ", "))
            lines: \(daemon.analogLines) × \(daemon.modem), \(daemon.isdnSpans) × \(daemon.span), timing \(daemon.timing.rawValue), seed \(daemon.seed), profiles from \(hardware)
            timers: \(daemon.timers.summary); receive window \(daemon.receiveWindow) packets
            tunnel: \(daemon.tunnel.summary)
            switch: \(daemon.switchPlan.replaceDefaultPlan ? "only the numbers below" : "the default plan and the numbers added to it")
            \(SwitchConfiguration.table(daemon.switchPlan.numberPlan))log level: \(daemon.logLevel)
            \(daemon.records.summary)
            """)
        for entry in daemon.impairments {
            let i = entry.impairments
            print(
                "impairments on lines \(entry.lines.map(String.init).joined(separator: ", ")): bit error rate \(i.bitErrorRate), "
                    + "latency \(i.latency.nanoseconds / 1_000_000) ms, overrun rate \(i.hardwareOverrunRate)")
        }
        for modem in modems {
            let group = modem.group
            let prefixes = group.numberPrefixes.isEmpty ? "every number" : group.numberPrefixes.map { "\($0)…" }.joined(separator: ", ")
            print("""
                modems: hunt group "\(group.huntGroup)" (\(prefixes), \(group.policy.rawValue)): \(group.ports.joined(separator: ", "))
                  profile \(group.profile), \(modem.profile.port.baudRate) bit/s, flow control \(modem.profile.port.flowControl.rawValue)
                """)
        }
    }
}
