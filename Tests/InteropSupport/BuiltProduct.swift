import Foundation

/// Finds executables that `swift build` put next to the test bundle, so an interop test
/// can run our own binaries (e.g. `pac`) inside a namespace.
public enum BuiltProduct {
    /// The build directory of the running tests: where `swift build` also puts products.
    public static var directory: URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }

    /// The path of the built executable `name`; throws ``InteropError/productNotBuilt(name:searched:)``
    /// if it is not there (a test target does not build executables it does not depend on).
    public static func path(_ name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw InteropError.productNotBuilt(name: name, searched: directory.path)
        }
        return url.path
    }
}
