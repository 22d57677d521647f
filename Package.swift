// swift-tools-version: 6.1
// PAC — a PPTP Access Concentrator (RFC 2637). Module layout: docs/architecture.md.
import PackageDescription

let package = Package(
    name: "PAC",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "PPTPWire", targets: ["PPTPWire"]),
        .library(name: "PPTPProtocol", targets: ["PPTPProtocol"]),
        .library(name: "HDLC", targets: ["HDLC"]),
        .library(name: "LineHAL", targets: ["LineHAL"]),
        .library(name: "SimulatedLines", targets: ["SimulatedLines"]),
        .library(name: "GRETransport", targets: ["GRETransport"]),
        .library(name: "SerialModem", targets: ["SerialModem"]),
        .library(name: "ModemEmulator", targets: ["ModemEmulator"]),
        .library(name: "PAC", targets: ["PAC"]),
        .executable(name: "pac", targets: ["pac"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Protocol core: wire codec (RFC 2637 §1.4, §2, §4.1). Pure value types over ByteBuffer.
        .target(
            name: "PPTPWire",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")]
        ),
        // Protocol core: control-connection, call and tunnel-window state machines (RFC 2637
        // §3, §4). Pure: inputs are messages and an explicit `now`; outputs are actions.
        .target(
            name: "PPTPProtocol",
            dependencies: [
                "PPTPWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .testTarget(
            name: "PPTPProtocolTests",
            dependencies: ["PPTPProtocol", "PPTPWire", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "PPTPWireTests",
            dependencies: [
                "PPTPWire", "InteropSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),

        // Transport adapter: the raw IP protocol 47 socket shared by every call of an event loop.
        .target(
            name: "GRETransport",
            dependencies: [
                "PPTPWire", "PPTPProtocol", "CRawDatagrams",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // recvmmsg and sendmmsg on the raw socket, which Swift's Glibc module does not declare.
        .target(name: "CRawDatagrams"),
        .testTarget(
            name: "GRETransportTests",
            dependencies: [
                "GRETransport", "PPTPProtocol", "PPTPWire", "InteropSupport", "LineHAL",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // The PAC engine: call routing between control connections and lines, the NIO control
        // server, the default simulated world, the modem lines of the configuration.
        .target(
            name: "PAC",
            dependencies: [
                "PPTPWire", "PPTPProtocol", "GRETransport", "LineHAL", "SimulatedLines", "HDLC", "SerialModem",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
            ]
        ),
        // The admin HTTP API (Hummingbird): status, lines, calls, peers, operator actions.
        .target(
            name: "PACAdmin",
            dependencies: [
                "PAC", "PACAdminClient", "LineHAL", "SimulatedLines",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The admin API's client side (Foundation's URLSession): `pac status` & co., real-time scenarios.
        .target(name: "PACAdminClient"),
        .testTarget(
            name: "PACAdminTests",
            dependencies: [
                "PACAdmin", "PACAdminClient", "PAC", "LineHAL", "SimulatedLines", "PPTPProtocol", "InteropSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Scenarios for CI (`pac scenario run`): YAML steps run against the engine in virtual
        // time, or against a running PAC in real time, with a summary and JUnit XML.
        .target(
            name: "PACScenario",
            dependencies: [
                "PAC", "PACAdminClient", "PPTPWire", "PPTPProtocol", "GRETransport", "LineHAL", "SimulatedLines",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PACScenarioTests",
            dependencies: ["PACScenario", "InteropSupport", "pac"]
        ),
        .executableTarget(
            name: "pac",
            dependencies: [
                "PAC", "PACAdmin", "PACAdminClient", "PACScenario", "SerialModem", "ModemEmulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), "PPTPWire", "PPTPProtocol", "GRETransport", "LineHAL", "SimulatedLines",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PACTests",
            dependencies: [
                "PAC", "InteropSupport", "PPTPWire", "PPTPProtocol", "GRETransport", "LineHAL", "SimulatedLines",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Interop with real peers (pptp-linux, pptpd) in network namespaces; runs `pac` itself.
        .testTarget(
            name: "InteropTests",
            dependencies: ["InteropSupport", "HDLC", "pac", "PAC", "PACAdminClient"]
        ),

        // Benchmarks: ordo-one/benchmark requires each target's parent folder to be named
        // "Benchmarks"; they live under Tests/ to keep the top level as the design fixes it.
        .executableTarget(
            name: "PPTPWireBenchmarks",
            dependencies: [
                "PPTPWire",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/Benchmarks/PPTPWireBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TunnelWindowBenchmarks",
            dependencies: [
                "PPTPProtocol", "PPTPWire",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/Benchmarks/TunnelWindowBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Framing: async (octet-stuffed) and bit-synchronous HDLC-like framing, ACCM, FCS-16/32
        // (RFC 1662). Swift, no dependencies but its own C folding of the FCS: it sits on the
        // per-octet path of every line.
        .target(name: "HDLC", dependencies: ["CCRCFolding"]),
        // The FCS's carry-less-multiplication folding (PCLMULQDQ), for long frames.
        .target(name: "CCRCFolding"),
        .testTarget(name: "HDLCTests", dependencies: ["HDLC"]),
        .executableTarget(
            name: "HDLCBenchmarks",
            dependencies: ["HDLC", .product(name: "Benchmark", package: "benchmark")],
            path: "Tests/Benchmarks/HDLCBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Line HAL: the Line protocol every driver implements, the line pool and hunt groups,
        // hardware profiles (Hardware/*.yaml) and Q.931 causes.
        .target(
            name: "LineHAL",
            dependencies: [
                "HDLC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "LineHALTests",
            dependencies: [
                "LineHAL",
                "HDLC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        // Simulated analog and ISDN lines, the simulated switch and its far ends.
        .target(
            name: "SimulatedLines",
            dependencies: [
                "LineHAL",
                "HDLC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .testTarget(
            name: "SimulatedLinesTests",
            dependencies: [
                "SimulatedLines", "InteropSupport",
                "LineHAL",
                "HDLC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),

        // libserialport through pkg-config; shim.h adds the Linux serial ioctls it lacks.
        .systemLibrary(
            name: "CLibSerialPort",
            path: "Sources/CLibSerialPort",
            pkgConfig: "libserialport",
            providers: [.apt(["libserialport-dev"])]
        ),
        // Real modems: the SerialPort wrapper, the sans-I/O AT command engine, Hayes profiles
        // (Hardware/hayes/*.yaml) and HayesModemLine, a Line over a serial port.
        .target(
            name: "SerialModem",
            dependencies: [
                "CLibSerialPort", "LineHAL", "HDLC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // A Hayes modem on a pseudo-terminal whose calls go through the SimulatedSwitch
        // (`pac modem-sim`, and the far side of SerialModemTests).
        .target(
            name: "ModemEmulator",
            dependencies: [
                "SimulatedLines", "LineHAL", "HDLC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SerialModemTests",
            dependencies: [
                "SerialModem", "ModemEmulator", "SimulatedLines", "LineHAL", "HDLC", "InteropSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Shim"]
        ),

        // Interop test support: network-namespace pairs, processes stopped by PID, ptys,
        // tshark. Foundation/Glibc only; shared by every interop test target.
        .target(
            name: "InteropSupport",
            dependencies: ["CSpawnCloseFrom"],
            path: "Tests/InteropSupport",
            exclude: ["README.md"]
        ),
        // glibc's close-from spawn action, which Swift's Glibc module does not declare.
        .target(name: "CSpawnCloseFrom", path: "Tests/CSpawnCloseFrom"),
        .testTarget(
            name: "InteropSupportTests",
            dependencies: ["InteropSupport", "InteropProbe"]
        ),
        // Built for InteropSupportTests only: a Swift binary to run inside a namespace.
        .executableTarget(
            name: "InteropProbe",
            path: "Tests/InteropProbe"
        ),
        // 10,000 simulated lines in one process: memory per line, CPU per frame.
        .executableTarget(
            name: "LineBenchmarks",
            dependencies: [
                "LineHAL",
                "SimulatedLines",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Tests/Benchmarks/LineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (Tests/Fuzz), declared only for `scripts/fuzz`, which builds them with
// `--sanitize fuzzer --sanitize address` in .build/fuzz: libFuzzer supplies `main`, so they
// cannot link in an ordinary build.
if Context.environment["PAC_FUZZ"] == "1" {
    let fuzzTargets: [(String, [Target.Dependency])] = [
        ("FuzzControlStream", ["PPTPWire", .product(name: "NIOCore", package: "swift-nio")]),
        ("FuzzGRE", ["PPTPWire", .product(name: "NIOCore", package: "swift-nio")]),
        ("FuzzAsyncHDLC", ["HDLC"]),
        ("FuzzSyncHDLC", ["HDLC"]),
        ("FuzzATResponse", ["SerialModem", .product(name: "NIOCore", package: "swift-nio")]),
        ("FuzzConfiguration", ["PAC", "LineHAL"]),
    ]
    for (name, dependencies) in fuzzTargets {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: dependencies, path: "Tests/Fuzz/\(name)",
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
