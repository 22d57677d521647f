import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import PAC
import PPTPProtocol
import PPTPWire

struct PNS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Act as a PNS: connect to any PAC and place or accept calls.",
        subcommands: [Call.self])

    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place one outgoing call, hold it, clear it, and print what the PAC answered.")

        @Argument(help: "The PAC's address.") var host: String
        @Argument(help: "The number the PAC dials.") var number: String
        @Option(help: "The PAC's control port.") var port = PPTPHeader.tcpPort
        @Option(help: "Seconds to hold a connected call before clearing it.") var hold: Double = 0
        @Option(help: "Bearer: any, analog or digital.") var bearer = "any"
        @Flag(help: "Print one JSON object instead of text.") var json = false

        func run() async throws {
            let bearerType: BearerType =
                switch bearer {
                case "analog": .analog
                case "digital": .digital
                case "any": .any
                default: throw ValidationError("--bearer must be any, analog or digital")
                }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            var report = CallReport(pac: "\(host):\(port)", number: number)
            do {
                let client = try await PNSClient.connect(host: host, port: port, group: group).get()
                report.pacHostName = try await client.peer.get()?.hostName
                let (callID, reply) = try await client.placeCall(.init(phoneNumber: number, bearerType: bearerType)).get()
                report.result = reply.resultCode.description
                report.cause = Int(reply.causeCode.rawValue)
                report.errorCode = reply.errorCode == .none ? nil : reply.errorCode.description
                if reply.resultCode == .connected {
                    report.connectSpeed = Int(reply.connectSpeed)
                    report.physicalChannel = Int(reply.physicalChannelID)
                    if hold > 0 { try await Task.sleep(for: .milliseconds(Int(hold * 1000))) }
                    let notify = try await client.clearCall(callID).get()
                    report.disconnect = notify.resultCode.description
                    report.disconnectCause = Int(notify.causeCode.rawValue)
                    report.callStatistics = notify.callStatistics
                }
                try await client.stop().get()
            } catch {
                report.error = "\(error)"
            }
            try? await group.shutdownGracefully()
            print(json ? report.json : report.text)
            if report.error != nil { throw ExitCode(1) }
            if report.result?.hasSuffix("(Connected)") != true { throw ExitCode(2) }
        }
    }
}

/// What `pac pns call` prints.
struct CallReport: Codable {
    var pac: String
    var number: String
    var pacHostName: String?
    var result: String?
    var errorCode: String?
    var cause: Int?
    var connectSpeed: Int?
    var physicalChannel: Int?
    var disconnect: String?
    var disconnectCause: Int?
    var callStatistics: String?
    var error: String?

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    var text: String {
        if let error { return "call to \(number) via \(pac) failed: \(error)" }
        var lines = ["PAC \(pac) (\(pacHostName ?? "?")): call to \(number): \(result ?? "?"), cause \(cause ?? 0)"]
        if let errorCode { lines.append("  error code \(errorCode)") }
        if let connectSpeed { lines.append("  connected at \(connectSpeed) bit/s on channel \(physicalChannel ?? 0)") }
        if let disconnect { lines.append("  cleared: \(disconnect), cause \(disconnectCause ?? 0), statistics \"\(callStatistics ?? "")\"") }
        return lines.joined(separator: "\n")
    }
}
