import LineHAL
import Testing
@testable import PAC

@Suite("pac serve configuration file")
struct DaemonConfigurationTests {
    static let example = """
        control:
          listen: 198.18.0.1
          port: 11723
          host-name: bench-pac
          vendor-name: Lab
          allow: [198.18.0.0/15, 127.0.0.1]
          default-number: "5550100"
          pns: ["198.18.0.2", "198.18.0.6:1724"]
          routes:
            - dialed-prefix: "555"
              pns: 198.18.0.2
        lines:
          hardware: ../Hardware
          analog-lines: 4
          modem: instant-modem
          timing: quick
          seed: 7
        log-level: debug
        """

    @Test("every key of the documented example is read")
    func example() throws {
        let configuration = try DaemonConfiguration.parse(Self.example, file: "/etc/pac/pac.yaml")
        #expect(configuration.listen == "198.18.0.1" && configuration.port == 11723)
        #expect(configuration.hostName == "bench-pac" && configuration.vendorName == "Lab")
        #expect(configuration.allowedPNS == [IPv4Network("198.18.0.0/15")!, IPv4Network("127.0.0.1")!])
        #expect(configuration.defaultPhoneNumber == "5550100")
        #expect(configuration.pnsPeers == [PNSAddress("198.18.0.2")!, PNSAddress(address: IPv4Address("198.18.0.6")!, port: 1724)])
        #expect(configuration.incomingRoutes == [IncomingRoute(dialedPrefix: "555", pns: IPv4Address("198.18.0.2")!)])
        #expect(configuration.hardware == "/etc/pac/../Hardware", "relative to the configuration file")
        #expect(configuration.analogLines == 4 && configuration.modem == "instant-modem" && configuration.timing == .quick)
        #expect(configuration.seed == 7 && configuration.logLevel == "debug")
    }

    @Test("an empty mapping is the embedded default")
    func defaults() throws {
        #expect(try DaemonConfiguration.parse("{}", file: "pac.yaml") == DaemonConfiguration())
    }

    @Test("errors name file, line and key and say what is allowed", arguments: [
        ("control:\n  lisen: 1.2.3.4\n", "pac.yaml:2: key 'control.lisen': unknown key"),
        ("control:\n  port: 70000\n", "pac.yaml:2: key 'control.port': 70000 is out of range 1...65535"),
        ("control:\n  allow: [10.0.0.0/33]\n", "pac.yaml:2: key 'control.allow': '10.0.0.0/33' is not an IPv4 address or prefix such as 198.18.0.0/15"),
        ("lines:\n  timing: fast\n", "pac.yaml:2: key 'lines.timing': 'fast' is not one of: realistic, quick"),
        ("control:\n  routes:\n    - dialed-prefix: \"5\"\n", "pac.yaml:3: key 'control.routes[0].pns': required key is missing"),
        ("log-level: loud\n", "pac.yaml:1: key 'log-level': 'loud' is not one of: trace, debug, info, notice, warning, error, critical"),
    ])
    func errors(yaml: String, message: String) {
        expectRejected(yaml, with: message)
    }
}
