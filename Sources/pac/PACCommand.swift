import ArgumentParser

@main
struct PACCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pac",
        abstract: "A PPTP Access Concentrator (RFC 2637) with simulated and real telephone lines.",
        subcommands: [Serve.self, CheckConfig.self, PNS.self, ModemSim.self, Ports.self, ScenarioCommand.self],
        groupedSubcommands: [
            CommandGroup(
                name: "Operator (a running PAC, through its admin API)",
                subcommands: [
                    Status.self, Lines.self, Calls.self, Peers.self, Ring.self, Dial.self, Hangup.self, Impair.self,
                    LineService.self,
                ])
        ],
        defaultSubcommand: Serve.self)
}
