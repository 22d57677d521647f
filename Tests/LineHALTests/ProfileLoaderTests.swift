import Foundation
import LineHAL
import Testing

@Suite("Hardware profiles")
struct ProfileLoaderTests {
    static let hardwareFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Hardware").path

    @Test("the shipped profiles load: V.34, V.90, BRI, T1 PRI, E1 PRI, the bench's PRI")
    func shippedProfiles() throws {
        let profiles = Dictionary(uniqueKeysWithValues: try ProfileLoader.loadDirectory(Self.hardwareFolder).map { ($0.name, $0) })
        #expect(profiles["v34-modem"]?.kind == .analogModem(ModemProfile(
            modulation: .v34, minimumSpeed: 2400, maximumDownstreamSpeed: 33600,
            maximumUpstreamSpeed: 33600, trainUpMilliseconds: 8000)))
        #expect(profiles["v90-modem"]?.kind == .analogModem(ModemProfile(
            modulation: .v90, minimumSpeed: 2400, maximumDownstreamSpeed: 56000,
            maximumUpstreamSpeed: 33600, trainUpMilliseconds: 12000)))
        #expect(profiles["isdn-bri-ta"]?.kind == .isdnSpan(ISDNSpanProfile(
            interface: .bri, bChannels: 2, channelSpeed: 64000, signallingDelayMilliseconds: 40)))
        #expect(profiles["t1-pri"]?.kind == .isdnSpan(ISDNSpanProfile(
            interface: .pri, bChannels: 23, channelSpeed: 64000, signallingDelayMilliseconds: 20)))
        #expect(profiles["e1-pri"]?.kind == .isdnSpan(ISDNSpanProfile(
            interface: .pri, bChannels: 30, channelSpeed: 64000, signallingDelayMilliseconds: 20)))
        #expect(profiles["bench-pri"]?.kind == .isdnSpan(ISDNSpanProfile(
            interface: .pri, bChannels: 30, channelSpeed: 64000, signallingDelayMilliseconds: 0)))
        #expect(profiles["v90-modem"]?.bearer == .analog)
        #expect(profiles["t1-pri"]?.framing == .sync)
    }

    private static let modem = """
        name: test
        description: a modem
        type: analog-modem
        modem:
          modulation: v34
          min-speed: 2400
          max-upstream: 33600
          max-downstream: 33600
          train-up-ms: 100
        """

    private func error(in yaml: String) -> ProfileError? {
        do {
            _ = try ProfileLoader.parse(yaml, file: "Hardware/test.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test("a well-formed profile parses")
    func parses() throws {
        #expect(try ProfileLoader.parse(Self.modem, file: "x.yaml").name == "test")
    }

    @Test("profile errors name file, line and key", arguments: [
        // An unknown key, top level and nested.
        (Self.modem + "\ncolour: beige", 10, "colour", "unknown key"),
        (Self.modem.replacingOccurrences(of: "  train-up-ms: 100", with: "  train-up-ms: 100\n  trainup: 5"), 10, "modem.trainup", "unknown key"),
        // A missing key names the mapping's line.
        (Self.modem.replacingOccurrences(of: "  min-speed: 2400\n", with: ""), 5, "modem.min-speed", "required key is missing"),
        // Wrong type, out of range, not one of the choices.
        (Self.modem.replacingOccurrences(of: "100", with: "soon"), 9, "modem.train-up-ms", "expected an integer, found 'soon'"),
        (Self.modem.replacingOccurrences(of: "max-downstream: 33600", with: "max-downstream: 56000"), 8, "modem.max-downstream", "56000 is out of range 33600...33600"),
        (Self.modem.replacingOccurrences(of: "v34", with: "v92"), 5, "modem.modulation", "'v92' is not one of: v34, v90"),
        (Self.modem.replacingOccurrences(of: "analog-modem", with: "telex"), 3, "type", "'telex' is not one of: analog-modem, isdn-bri, isdn-pri"),
    ])
    func namesFileLineAndKey(yaml: String, line: Int, key: String, problem: String) throws {
        let found = try #require(error(in: yaml))
        #expect(found == ProfileError(file: "Hardware/test.yaml", line: line, key: key, problem: problem))
        #expect(found.description == "Hardware/test.yaml:\(line): key '\(key)': \(problem)")
    }

    @Test("a PRI must have 23 or 30 B-channels")
    func priChannelCount() throws {
        let yaml = """
            name: odd
            description: a span
            type: isdn-pri
            isdn:
              b-channels: 24
              channel-speed: 64000
              signalling-delay-ms: 20
            """
        let found = try #require(error(in: yaml))
        #expect(found.key == "isdn.b-channels")
        #expect(found.line == 5)
    }

    @Test("broken YAML names the file and the line libyaml stopped at")
    func brokenYAML() throws {
        let found = try #require(error(in: "name: a\ndescription: [unclosed\ntype: isdn-bri\n"))
        #expect(found.file == "Hardware/test.yaml")
        #expect(found.line != nil)
        #expect(found.problem.hasPrefix("not valid YAML"))
    }
}
