import ArgumentParser

@main
struct PACCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pac",
        abstract: "A PPTP Access Concentrator (RFC 2637) with simulated and real telephone lines.",
        subcommands: [Serve.self, CheckConfig.self, PNS.self, ModemSim.self, Ports.self, ScenarioCommand.self],
        defaultSubcommand: Serve.self)
}
