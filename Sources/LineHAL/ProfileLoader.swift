import Foundation
import Yams

/// Reads line profiles from YAML. Every key is checked; the format is in docs/lines.md.
public enum ProfileLoader {
    /// Parses one profile; `file` names it in errors.
    public static func parse(_ yaml: String, file: String) throws(ProfileError) -> LineProfile {
        var reader = try YAMLMappingReader.document(yaml, file: file)
        let name = try reader.string("name")
        let summary = try reader.string("description")
        let type = try reader.choice("type", of: ProfileType.self)
        let kind: LineProfile.Kind
        switch type {
        case .analogModem:
            var modem = try reader.mapping("modem")
            kind = .analogModem(try modemProfile(&modem))
            try modem.finish()
        case .isdnBRI, .isdnPRI:
            var isdn = try reader.mapping("isdn")
            kind = .isdnSpan(try spanProfile(&isdn, interface: type == .isdnBRI ? .bri : .pri))
            try isdn.finish()
        }
        try reader.finish()
        return LineProfile(name: name, summary: summary, kind: kind)
    }

    /// Loads every `*.yaml` in a folder, sorted by file name.
    public static func loadDirectory(_ path: String) throws(ProfileError) -> [LineProfile] {
        try YAMLFiles.paths(in: path).map { path throws(ProfileError) in try load(file: path) }
    }

    public static func load(file: String) throws(ProfileError) -> LineProfile {
        try parse(YAMLFiles.read(file), file: file)
    }

    // MARK: Sections

    private enum ProfileType: String, CaseIterable {
        case analogModem = "analog-modem"
        case isdnBRI = "isdn-bri"
        case isdnPRI = "isdn-pri"
    }

    private static func modemProfile(_ reader: inout YAMLMappingReader) throws(ProfileError) -> ModemProfile {
        let modulation = try reader.choice("modulation", of: Modulation.self)
        let ceiling = modulation == .v90 ? 56000 : 33600
        let minimum = try reader.integer("min-speed", in: 300...33600)
        let upstream = try reader.integer("max-upstream", in: minimum...33600)
        let downstream = try reader.integer("max-downstream", in: upstream...ceiling)
        let trainUp = try reader.integer("train-up-ms", in: 0...120_000)
        return ModemProfile(
            modulation: modulation, minimumSpeed: minimum, maximumDownstreamSpeed: downstream,
            maximumUpstreamSpeed: upstream, trainUpMilliseconds: trainUp)
    }

    private static func spanProfile(_ reader: inout YAMLMappingReader, interface: ISDNInterface) throws(ProfileError)
        -> ISDNSpanProfile
    {
        // BRI is 2B+D; a PRI carries 23 B-channels on a T1 and 30 on an E1.
        let channels = interface == .bri ? 2...2 : 23...30
        let bChannels = try reader.integer("b-channels", in: channels)
        if interface == .pri, bChannels != 23, bChannels != 30 {
            throw ProfileError(
                file: reader.file, line: reader.line, key: "isdn.b-channels",
                problem: "a PRI has 23 (T1) or 30 (E1) B-channels, not \(bChannels)")
        }
        let speed = try reader.integer("channel-speed", in: 56000...64000)
        let delay = try reader.integer("signalling-delay-ms", in: 0...10_000)
        return ISDNSpanProfile(
            interface: interface, bChannels: bChannels, channelSpeed: speed, signallingDelayMilliseconds: delay)
    }
}
