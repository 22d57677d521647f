import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Whether this process runs inside the serial test harness (scripts/test-serial): a private
/// mount namespace, the modem-control shim preloaded and its file named. Outside it, the real
/// libserialport cannot open a pty, so the real-port tests do not run (the script runs them).
public enum SerialHarness {
    public static let controlFilePath = ProcessInfo.processInfo.environment["PAC_MODEM_CONTROL_FILE"]
    /// A device sysfs knows, over which the emulator's pty is bind-mounted.
    public static let device = ProcessInfo.processInfo.environment["PAC_SERIAL_TEST_DEVICE"] ?? "/dev/ttyS0"

    public static var isActive: Bool {
        controlFilePath != nil
            && (ProcessInfo.processInfo.environment["LD_PRELOAD"] ?? "").contains("modem_control_shim")
            && inPrivateMountNamespace
    }

    /// Our mount namespace differs from the one scripts/test-serial started in (it passes its
    /// own as PAC_HOST_MOUNT_NAMESPACE; /proc/1 may be out of reach in a container): a bind
    /// mount here cannot touch the host's /dev.
    public static var inPrivateMountNamespace: Bool {
        let ours = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/mnt")
        let host = ProcessInfo.processInfo.environment["PAC_HOST_MOUNT_NAMESPACE"]
        return ours != nil && host != nil && ours != host
    }

    /// Puts `pty` where `device` was, replacing an earlier bind; refuses outside a private namespace.
    public static func bind(_ pty: String) throws {
        precondition(inPrivateMountNamespace, "refusing to bind-mount over \(device) outside a private mount namespace")
        _ = umount2(device, Int32(MNT_DETACH))
        guard mount(pty, device, nil, UInt(MS_BIND), nil) == 0 else {
            throw InteropError.processFailed("bind-mounting \(pty) over \(device) failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Like `bind`, inside the mount namespace of process `pid` (one started before the bind,
    /// e.g. by `ip netns exec`, which copies the namespace it starts in).
    public static func bind(_ pty: String, inMountNamespaceOf pid: pid_t) async throws {
        precondition(inPrivateMountNamespace, "refusing to bind-mount over \(device) outside a private mount namespace")
        _ = try await Command.output(
            ["nsenter", "--target", "\(pid)", "--mount", "--", "sh", "-c",
             "umount -l \(device) 2>/dev/null; mount --bind \(pty) \(device)"])
    }
}
