import Foundation

/// Whether this process may do what interop tests need (namespaces, veth, raw sockets).
public enum Privilege {
    /// True when the effective user is root.
    public static var isRoot: Bool { geteuid() == 0 }

    /// Throws ``InteropError/notRoot(effectiveUID:)`` unless root, so an interop test
    /// run without privileges fails with a message instead of silently skipping.
    public static func requireRoot() throws {
        guard isRoot else { throw InteropError.notRoot(effectiveUID: geteuid()) }
    }
}
