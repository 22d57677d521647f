// swift-tools-version: 6.1
// PAC — a PPTP Access Concentrator (RFC 2637). Module layout: docs/architecture.md.
import PackageDescription

let package = Package(
    name: "PAC",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "PPTPWire", targets: ["PPTPWire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Protocol core: wire codec (RFC 2637 §1.4, §2, §4.1). Pure value types over ByteBuffer.
        .target(
            name: "PPTPWire",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "PPTPWireTests",
            dependencies: [
                "PPTPWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
            ]
        ),

        // Interop test support: network-namespace pairs, processes stopped by PID, ptys,
        // tshark. Foundation/Glibc only; shared by every interop test target.
        .target(
            name: "InteropSupport",
            path: "Tests/InteropSupport",
            exclude: ["README.md"]
        ),
        .testTarget(
            name: "InteropSupportTests",
            dependencies: ["InteropSupport", "InteropProbe"]
        ),
        // Built for InteropSupportTests only: a Swift binary to run inside a namespace.
        .executableTarget(
            name: "InteropProbe",
            path: "Tests/InteropProbe"
        ),
    ],
    swiftLanguageModes: [.v6]
)
