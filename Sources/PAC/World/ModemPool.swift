import Foundation
import LineHAL
import NIOCore
import SerialModem

/// The configuration's real modems in a running PAC: one `HayesModemLine` per serial port,
/// in the engine's pool next to the simulated lines, kept by port name so a reload changes
/// only what changed (docs/serial-modems.md, "In the daemon"). Lives on the engine's loop.
public final class ModemPool {
    /// Modem lines are numbered from here (above the simulated lines), in the order their ports
    /// first appear; a port keeps its number across reloads.
    public static let firstLineID = 5001

    /// An entry of `lines.modems` with its profile loaded and its overrides applied.
    public struct Resolved: Sendable, Equatable {
        public var group: ModemLineGroup
        public var profile: HayesProfile
    }

    /// What one `apply` did, for the log.
    public struct Changes: Sendable, Equatable, CustomStringConvertible {
        public var added: [String] = []
        public var removed: [String] = []
        /// Ports whose profile or port settings changed: closed and opened again. A port that
        /// only moves to another hunt group keeps its line and its call.
        public var replaced: [String] = []
        public var description: String {
            let parts = [("added", added), ("removed", removed), ("replaced", replaced)].filter { !$0.1.isEmpty }
            return parts.isEmpty ? "modem lines unchanged" : parts.map { "\($0.0) \($0.1.joined(separator: ", "))" }.joined(separator: "; ")
        }
    }

    private let engine: PACEngine
    private var lines: [String: HayesModemLine] = [:]
    private var groupNames: Set<String> = []
    private var ids: [String: LineID] = [:]
    private var nextID = ModemPool.firstLineID

    public init(engine: PACEngine) {
        self.engine = engine
    }

    /// The line on `port`, if the pool has one.
    public func line(onPort port: String) -> HayesModemLine? { lines[port] }

    /// Loads each entry's profile from `hardware`/hayes; an unknown name is an error at the
    /// entry's `profile` key, a bad profile file an error in that file.
    public static func resolve(_ groups: [ModemLineGroup], hardware: String) throws(ProfileError) -> [Resolved] {
        let folder = URL(fileURLWithPath: hardware).appendingPathComponent("hayes")
        return try groups.map { group throws(ProfileError) in
            let file = folder.appendingPathComponent("\(group.profile).yaml").path
            guard FileManager.default.fileExists(atPath: file) else {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                    .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
                throw group.profileSource.error(
                    "no Hayes profile '\(group.profile)' in \(folder.path) (found: \(names.joined(separator: ", ")))")
            }
            return Resolved(group: group, profile: group.settings(from: try HayesProfileLoader.load(file: file)))
        }
    }

    /// Makes the engine's pool hold exactly these modem lines: new ports are opened and join
    /// the pool out of service until their modem is initialised (a missing port stays out, with
    /// libserialport's reason, and joins when it appears); ports no longer named leave, their
    /// calls cleared (`PACEngine.retire`); lines on unchanged ports and their calls are kept.
    @discardableResult
    public func apply(_ resolved: [Resolved]) -> Changes {
        var changes = Changes()
        var wanted: [String: HayesProfile] = [:]
        for entry in resolved {
            for port in entry.group.ports { wanted[port] = entry.profile }
        }
        for (port, line) in lines.sorted(by: { $0.key < $1.key }) {
            guard let profile = wanted[port] else {
                remove(port, line)
                changes.removed.append(port)
                continue
            }
            if profile != line.profile {
                remove(port, line)
                changes.replaced.append(port)
            }
        }
        for entry in resolved {
            for port in entry.group.ports where lines[port] == nil {
                add(port, profile: entry.profile)
                if !changes.replaced.contains(port) { changes.added.append(port) }
            }
        }
        let groups = resolved.map(\.group)
        for name in groupNames.subtracting(groups.map(\.huntGroup)) { engine.removeHuntGroup(named: name) }
        for group in groups {
            let huntGroup = HuntGroup(
                name: group.huntGroup, bearers: [.analog], numberPrefixes: group.numberPrefixes, policy: group.policy,
                lines: group.ports.compactMap { lines[$0]?.id })
            do {
                try engine.setHuntGroup(huntGroup)
            } catch {
                preconditionFailure("a modem hunt group names a line the pool does not have: \(error)")
            }
        }
        groupNames = Set(groups.map(\.huntGroup))
        return changes
    }

    /// Resets every modem and closes its port (`HayesModemLine.shutDown`).
    public func shutDown() -> EventLoopFuture<Void> {
        let stopping = lines.values.map { $0.shutDown() }
        lines = [:]
        return EventLoopFuture.andAllComplete(stopping, on: engine.eventLoop)
    }

    private func add(_ port: String, profile: HayesProfile) {
        let id = ids[port] ?? LineID(nextID)
        if ids[port] == nil {
            ids[port] = id
            nextID += 1
        }
        let line = HayesModemLine(id: id, channel: id.rawValue, portName: port, profile: profile, eventLoop: engine.eventLoop)
        do {
            try engine.adopt(line, outOfService: "initialising the modem on \(port)")
        } catch {
            preconditionFailure("modem line \(id) is already in the pool: \(error)")
        }
        lines[port] = line
        line.start()
    }

    private func remove(_ port: String, _ line: HayesModemLine) {
        engine.retire(line.id)
        lines[port] = nil
        _ = line.shutDown()
    }
}
