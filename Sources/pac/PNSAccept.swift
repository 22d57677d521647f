import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import PAC
import PPTPProtocol
import PPTPWire

extension PNS {
    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connect to a PAC, wait for an incoming call, accept it, hold it, clear it, and print what happened.")

        @Argument(help: "The PAC's address.") var host: String
        @Option(help: "The PAC's control port.") var port = PPTPHeader.tcpPort
        @Option(help: "Seconds to wait for the PAC to offer a call.") var wait: Double = 30
        @Option(help: "Seconds to hold the connected call before clearing it.") var hold: Double = 0
        @Flag(help: "Refuse the call instead of accepting it.") var refuse = false
        @Flag(help: "Print one JSON object instead of text.") var json = false

        struct Report: Codable {
            var pac: String
            var dialedNumber: String?
            var dialingNumber: String?
            var bearer: String?
            var connectSpeed: Int?
            var framing: String?
            var disconnect: String?
            var error: String?
        }

        func run() async throws {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            var report = Report(pac: "\(host):\(port)")
            do {
                let client = try await PNSClient.connect(host: host, port: port, group: group).get()
                let wait = self.wait
                let (callID, request) = try await withThrowingTaskGroup(
                    of: (callID: UInt16, request: IncomingCallRequest).self
                ) { race in
                    race.addTask { try await client.nextIncomingCall().get() }
                    race.addTask {
                        try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
                        try? await client.channel.close()  // ends the other task's wait too
                        throw ValidationError("no incoming call within \(wait) s")
                    }
                    defer { race.cancelAll() }
                    return try await race.next()!
                }
                report.dialedNumber = request.dialedNumber
                report.dialingNumber = request.dialingNumber
                report.bearer = request.bearerType.description
                if let connected = try await client.answerIncomingCall(callID, accept: !refuse).get() {
                    report.connectSpeed = Int(connected.connectSpeed)
                    report.framing = connected.framingType.description
                    if hold > 0 { try await Task.sleep(for: .milliseconds(Int(hold * 1000))) }
                    report.disconnect = try await client.clearCall(callID).get().resultCode.description
                }
                try await client.stop().get()
            } catch {
                report.error = "\(error)"
            }
            try? await group.shutdownGracefully()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else if let error = report.error {
                print("waiting for a call from \(report.pac) failed: \(error)")
            } else {
                print("PAC \(report.pac): call from \(report.dialingNumber ?? "?") to \(report.dialedNumber ?? "?") (\(report.bearer ?? "?"))"
                    + (report.connectSpeed.map { ", connected at \($0) bit/s, \(report.framing ?? "?"), cleared: \(report.disconnect ?? "?")" } ?? ", refused"))
            }
            if report.error != nil { throw ExitCode(1) }
        }
    }
}
