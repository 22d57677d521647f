import ArgumentParser
import Foundation
import LineHAL
import ModemEmulator
import NIOPosix
import PAC

struct ModemSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modem-sim",
        abstract: "Run an emulated Hayes modem on a pseudo-terminal, calling the simulated switch's test numbers.",
        discussion: "Prints the pty's device path; any program (or a PAC modem line) can open it and send AT commands. Stop with Ctrl-C.")

    @Option(help: "Folder of line and modem profiles (YAML).") var hardware: String?
    @Option(help: "Modem profile for the line speeds [v90-modem].") var modem = "v90-modem"
    @Option(help: "Simulated network timing: realistic or quick.") var timing: NetworkTiming = .realistic
    @Option(help: "File the modem-control shim shares with the emulator (DTR, DCD, RI of the pty; docs/serial-modems.md) [$PAC_MODEM_CONTROL_FILE].")
    var controlFile: String?

    func run() async throws {
        let profiles = try HardwareFolder.profiles(hardware)
        guard case .analogModem(let profile)? = profiles.first(where: { $0.name == modem })?.kind else {
            throw ValidationError("no analog-modem profile named \(modem) (found: \(profiles.map(\.name).joined(separator: ", ")))")
        }
        let shared: ModemControlFile?
        do {
            shared = try (controlFile ?? ProcessInfo.processInfo.environment["PAC_MODEM_CONTROL_FILE"])
                .map { path throws in try ModemControlFile(path: path) }
        } catch {
            throw ValidationError("--control-file: \(error)")
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let path = try await HayesModemEmulator.run(
            on: group.next(), modem: profile, subscribers: SimulatedWorld.subscribers(modem: profile),
            timing: timing.switchTiming, controlFile: shared,
            activity: { event in
                print("modem: \(event)")
                fflush(nil)
            }
        ).get()
        print("Hayes modem emulator on \(path) (\(modem)); dial the test numbers of README.md, e.g. ATDT5550100")
        fflush(nil)
        await ShutdownSignals.wait()
        try await group.shutdownGracefully()
    }
}
