import LineHAL
import SerialModem
import Testing
@testable import PAC

@Suite("pac serve configuration: lines.modems (real modems on serial ports)")
struct ModemLineConfigurationTests {
    static let example = """
        lines:
          modems:
            - ports: [/dev/ttyUSB0, /dev/ttyUSB1]
              profile: usr-courier
              baud: 57600
              flow-control: xon-xoff
              hunt-group: pool-a
              prefixes: ["9", "555"]
              policy: round-robin
            - ports: /dev/ttyS1
              profile: generic-hayes
        """

    @Test("every key of an entry is read; omitted ones take the profile's settings and group 'modems'")
    func example() throws {
        let groups = try DaemonConfiguration.parse(Self.example, file: "pac.yaml").modemLines
        #expect(groups.count == 2)
        #expect(groups[0].ports == ["/dev/ttyUSB0", "/dev/ttyUSB1"] && groups[0].profile == "usr-courier")
        #expect(groups[0].baudRate == 57600 && groups[0].flowControl == .xonXoff)
        #expect(groups[0].huntGroup == "pool-a" && groups[0].numberPrefixes == ["9", "555"] && groups[0].policy == .roundRobin)
        #expect(groups[0].profileSource == ConfigurationSource(file: "pac.yaml", line: 4, key: "lines.modems[0].profile"))
        #expect(groups[1].ports == ["/dev/ttyS1"] && groups[1].baudRate == nil && groups[1].flowControl == nil)
        #expect(groups[1].huntGroup == "modems" && groups[1].numberPrefixes.isEmpty && groups[1].policy == .firstFree)
    }

    @Test("errors name file, line and key and say what is allowed", arguments: [
        ("lines:\n  modems:\n    - ports: [/dev/ttyS1]\n      profile: x\n      parity: even\n",
         "pac.yaml:5: key 'lines.modems[0].parity': unknown key"),
        ("lines:\n  modems:\n    - profile: x\n",
         "pac.yaml:3: key 'lines.modems[0].ports': required key is missing"),
        ("lines:\n  modems:\n    - ports: [ttyS1]\n      profile: x\n",
         "pac.yaml:3: key 'lines.modems[0].ports': 'ttyS1' is not a device path such as /dev/ttyUSB0"),
        ("lines:\n  modems:\n    - ports: []\n      profile: x\n",
         "pac.yaml:3: key 'lines.modems[0].ports': name at least one serial port, e.g. /dev/ttyUSB0"),
        ("lines:\n  modems:\n    - ports: [/dev/ttyS1]\n      profile: x\n      baud: 100\n",
         "pac.yaml:5: key 'lines.modems[0].baud': 100 is out of range 300...921600"),
        ("lines:\n  modems:\n    - ports: [/dev/ttyS1]\n      profile: x\n      flow-control: cts\n",
         "pac.yaml:5: key 'lines.modems[0].flow-control': 'cts' is not one of: none, rts-cts, xon-xoff"),
        ("lines:\n  modems:\n    - ports: [/dev/ttyS1]\n      profile: x\n      hunt-group: analog\n",
         "pac.yaml:5: key 'lines.modems[0].hunt-group': 'analog' is a hunt group of the simulated lines; choose another name"),
        ("lines:\n  modems:\n    - ports: [/dev/ttyS1]\n      profile: x\n    - ports: [/dev/ttyS1]\n      profile: x\n      hunt-group: b\n",
         "pac.yaml:5: key 'lines.modems[1].ports': /dev/ttyS1 is already a modem line of an earlier entry"),
        ("lines:\n  modems:\n    - ports: [/dev/ttyS1]\n      profile: x\n    - ports: [/dev/ttyS2]\n      profile: x\n",
         "pac.yaml:5: key 'lines.modems[1].hunt-group': hunt group 'modems' is already an earlier entry's; name each entry's group"),
        ("lines:\n  modems:\n    - ports: [/dev/ttyS1]\n      profile: x\n      policy: random\n",
         "pac.yaml:5: key 'lines.modems[0].policy': 'random' is not one of: first-free, round-robin, least-used"),
    ])
    func errors(yaml: String, message: String) {
        expectRejected(yaml, with: message)
    }

    @Test("a profile name not in Hardware/hayes is an error at the entry's profile key, listing the shipped ones")
    func unknownProfile() throws {
        let groups = try DaemonConfiguration.parse("lines:\n  modems:\n    - ports: [/dev/ttyS1]\n      profile: courrier\n", file: "pac.yaml").modemLines
        do {
            _ = try ModemPool.resolve(groups, hardware: EngineHarness.hardware)
            Issue.record("an unknown profile was accepted")
        } catch {
            #expect(error.description == "pac.yaml:4: key 'lines.modems[0].profile': no Hayes profile 'courrier' in "
                + "\(EngineHarness.hardware)/hayes (found: generic-hayes, rockwell-conexant, usr-courier)")
        }
    }

    @Test("an entry's baud rate and flow control override its profile's port settings, nothing else")
    func overrides() throws {
        let groups = try DaemonConfiguration.parse(Self.example, file: "pac.yaml").modemLines
        let resolved = try ModemPool.resolve(groups, hardware: EngineHarness.hardware)
        let shipped = try HayesProfileLoader.load(file: "\(EngineHarness.hardware)/hayes/usr-courier.yaml")
        #expect(resolved[0].profile.port == SerialPortSettings(baudRate: 57600, flowControl: .xonXoff))
        var expected = shipped
        expected.port = resolved[0].profile.port
        #expect(resolved[0].profile == expected)
        #expect(resolved[1].profile == (try HayesProfileLoader.load(file: "\(EngineHarness.hardware)/hayes/generic-hayes.yaml")))
    }
}
