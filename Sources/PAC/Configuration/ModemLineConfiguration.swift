import LineHAL
import SerialModem

/// One `lines.modems` entry: real Hayes modems on serial ports, one line per port, forming
/// one hunt group (docs/configuration.md, docs/serial-modems.md).
public struct ModemLineGroup: Sendable, Equatable {
    /// Device names as libserialport knows them (`/dev/ttyUSB0`), one modem each.
    public var ports: [String]
    /// A file of `Hardware/hayes/` without `.yaml`.
    public var profile: String
    /// Overrides the profile's `port.device-rate`.
    public var baudRate: Int?
    /// Overrides the profile's `port.flow-control`.
    public var flowControl: SerialPortSettings.FlowControl?
    public var huntGroup: String
    /// Dialed-number prefixes the group serves; empty serves every number.
    public var numberPrefixes: [String]
    public var policy: AllocationPolicy
    /// Where `profile` is, for errors found when the profile is loaded.
    public var profileSource: ConfigurationSource

    public init(
        ports: [String], profile: String, baudRate: Int? = nil, flowControl: SerialPortSettings.FlowControl? = nil,
        huntGroup: String = Self.defaultHuntGroup, numberPrefixes: [String] = [], policy: AllocationPolicy = .firstFree,
        profileSource: ConfigurationSource
    ) {
        self.ports = ports
        self.profile = profile
        self.baudRate = baudRate
        self.flowControl = flowControl
        self.huntGroup = huntGroup
        self.numberPrefixes = numberPrefixes
        self.policy = policy
        self.profileSource = profileSource
    }

    public static let defaultHuntGroup = "modems"
    /// Hunt groups of the simulated world; a modem group may not take their names.
    static let reservedHuntGroups: Set<String> = ["analog", "isdn"]

    /// The profile with this entry's port overrides.
    public func settings(from profile: HayesProfile) -> HayesProfile {
        var profile = profile
        if let baudRate { profile.port.baudRate = baudRate }
        if let flowControl { profile.port.flowControl = flowControl }
        return profile
    }
}

enum ModemLineConfiguration {
    /// `lines.modems`: a list of entries; ports and hunt-group names are unique across them.
    static func parse(_ lines: inout YAMLMappingReader) throws(ProfileError) -> [ModemLineGroup] {
        var groups: [ModemLineGroup] = []
        var portsSeen: Set<String> = []
        for var entry in try lines.mappings("modems") {
            let ports = try entry.strings("ports")
            guard !ports.isEmpty else { throw invalid(entry, "ports", "name at least one serial port, e.g. /dev/ttyUSB0") }
            for port in ports {
                guard port.hasPrefix("/") else {
                    throw invalid(entry, "ports", "'\(port)' is not a device path such as /dev/ttyUSB0")
                }
                guard portsSeen.insert(port).inserted else {
                    throw invalid(entry, "ports", "\(port) is already a modem line of an earlier entry")
                }
            }
            let profileSource = ConfigurationSource(file: entry.file, line: entry.line(of: "profile"), key: entry.keyPath("profile"))
            var group = ModemLineGroup(ports: ports, profile: try entry.string("profile"), profileSource: profileSource)
            if entry.has("baud") { group.baudRate = try entry.integer("baud", in: 300...921_600) }
            if entry.has("flow-control") {
                group.flowControl = try entry.choice("flow-control", of: SerialPortSettings.FlowControl.self)
            }
            if entry.has("hunt-group") {
                group.huntGroup = try entry.string("hunt-group")
                guard !ModemLineGroup.reservedHuntGroups.contains(group.huntGroup) else {
                    throw invalid(entry, "hunt-group", "'\(group.huntGroup)' is a hunt group of the simulated lines; choose another name")
                }
            }
            guard !groups.contains(where: { $0.huntGroup == group.huntGroup }) else {
                throw invalid(entry, "hunt-group", "hunt group '\(group.huntGroup)' is already an earlier entry's; name each entry's group")
            }
            if entry.has("prefixes") { group.numberPrefixes = try entry.strings("prefixes") }
            if entry.has("policy") { group.policy = try entry.choice("policy", of: AllocationPolicy.self) }
            try entry.finish()
            groups.append(group)
        }
        return groups
    }

    private static func invalid(_ reader: YAMLMappingReader, _ key: String, _ problem: String) -> ProfileError {
        ProfileError(file: reader.file, line: reader.line(of: key), key: reader.keyPath(key), problem: problem)
    }
}
