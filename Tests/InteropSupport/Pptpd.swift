import Foundation

/// pptpd (a real PAC) inside a namespace, with a stand-in for pppd (pppd cannot run here).
public enum Pptpd {
    /// LCP Configure-Request, magic 0x5A5A0001, async-HDLC framed with the default ACCM: what
    /// the stand-in writes to its pty when a call comes up.
    public static let standInFrame: [UInt8] = [
        0x7E, 0xFF, 0x7D, 0x23, 0xC0, 0x21, 0x7D, 0x21, 0x7D, 0x21, 0x7D, 0x20, 0x7D, 0x2A,
        0x7D, 0x25, 0x7D, 0x26, 0x5A, 0x5A, 0x7D, 0x20, 0x7D, 0x21, 0x21, 0x8F, 0x7E,
    ]

    /// Starts pptpd on side `side` of the pair with a temporary pptpd.conf and a stand-in that
    /// sets its pty raw, sends ``standInFrame`` and stays up; returns once it listens on 1723.
    /// localip/remoteip are only handed to the stand-in, never configured.
    public static func start(in pair: NetworkNamespacePair, on side: NetworkNamespacePair.Side) async throws
        -> ChildProcess
    {
        try Command.require("pptpd")
        let directory = pair.workDirectory
        let conf = directory.appendingPathComponent("pptpd.conf")
        let options = directory.appendingPathComponent("pppd-options")
        let standIn = directory.appendingPathComponent("pppd-stand-in")
        try "".write(to: options, atomically: true, encoding: .utf8)
        try """
            option \(options.path)
            listen \(pair.address(side))
            localip 198.18.100.1
            remoteip 198.18.100.2
            """.write(to: conf, atomically: true, encoding: .utf8)
        let frame = standInFrame.map { String(format: "\\x%02x", $0) }.joined()
        try """
            #!/bin/bash
            stty raw -echo
            printf '%b' '\(frame)'
            exec sleep 60
            """.write(to: standIn, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: standIn.path)
        let pptpd = try pair.run(
            in: side, "pptpd",
            ["--fg", "--conf", conf.path, "--pidfile", directory.appendingPathComponent("pptpd.pid").path,
             "--ppp", standIn.path])
        try await waitForListener(in: pair, on: side, port: 1723, process: pptpd)
        return pptpd
    }

    /// Waits until `process` listens on TCP `port` in the namespace (10 s at most).
    public static func waitForListener(
        in pair: NetworkNamespacePair, on side: NetworkNamespacePair.Side, port: Int, process: ChildProcess
    ) async throws {
        try await waitUntil("\(process.commandLine.first ?? "process") to listen on \(pair.address(side)):\(port)", within: 10) {
            if let ended = process.exitStatus {
                throw InteropError.processFailed("\(process.commandLine.joined(separator: " ")) \(ended): \(process.standardError())")
            }
            let listening = try await Command.output(
                ["ip", "netns", "exec", pair.namespace(side), "ss", "-Hltn", "sport = :\(port)"])
            return !listening.isEmpty
        }
    }
}

extension Pptpd {
    /// Runs `body` while no other test of this process runs a real peer (pptpd or pptp): two at
    /// once, even in separate namespaces, made calls fail now and then on this 2-core machine (a
    /// pptp pty closing early, a Call-Clear-Request missing, a call not connecting), so tests
    /// using them take turns.
    public static func exclusively<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await turns.acquire()
        do {
            let value = try await body()
            await turns.release()
            return value
        } catch {
            await turns.release()
            throw error
        }
    }

    private static let turns = Turns()

    private actor Turns {
        private var busy = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func acquire() async {
            if !busy {
                busy = true
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
    }
}
