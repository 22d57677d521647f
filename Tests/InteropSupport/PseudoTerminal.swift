import Foundation
import Glibc

/// A pseudo-terminal whose master side the test holds; the slave side becomes a child's
/// stdin and stdout. pptp-linux needs this: it writes received PPP frames back to its
/// stdin and exits when that is a pipe. The terminal is raw (no echo, no line editing),
/// so binary async-HDLC frames pass unchanged, as with pppd.
public final class PseudoTerminal: Sendable {
    /// The master side: what the test writes here, the child reads; and vice versa.
    public let master: FileHandle
    /// The slave side's path, e.g. /dev/pts/7.
    public let slavePath: String

    public init() throws {
        // What posix_openpt does on Linux.
        let fd = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw InteropError.ptyFailed(step: "open /dev/ptmx", errno: errno) }
        guard XOpen.unlockpt(fd) == 0 else {
            let code = errno
            close(fd)
            throw InteropError.ptyFailed(step: "unlockpt", errno: code)
        }
        var name = [CChar](repeating: 0, count: 128)
        guard XOpen.ptsname_r(fd, &name, name.count) == 0 else {
            let code = errno
            close(fd)
            throw InteropError.ptyFailed(step: "ptsname_r", errno: code)
        }
        master = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Opens the slave side in raw mode, for a child's stdin/stdout. The caller closes it
    /// once the child has it.
    func openRawSlave() throws -> Int32 {
        let fd = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw InteropError.ptyFailed(step: "open \(slavePath)", errno: errno) }
        var settings = termios()
        tcgetattr(fd, &settings)
        cfmakeraw(&settings)
        guard tcsetattr(fd, TCSANOW, &settings) == 0 else {
            let code = errno
            close(fd)
            throw InteropError.ptyFailed(step: "tcsetattr raw", errno: code)
        }
        return fd
    }

    /// Writes all bytes to the master side (to the child's stdin).
    public func write(_ bytes: [UInt8]) throws {
        try master.write(contentsOf: Data(bytes))
    }

    /// Reads what the child wrote, waiting at most `seconds` for the first byte, then
    /// taking whatever else is already there; throws ``InteropError/timedOut(waitingFor:seconds:)``
    /// when nothing came in time.
    public func read(within seconds: Double, maxBytes: Int = 65_536) async throws -> [UInt8] {
        let fd = master.fileDescriptor
        try await waitUntil("output on \(slavePath)", within: seconds) {
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            return poll(&request, 1, 0) > 0
        }
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        let count = Glibc.read(fd, &buffer, maxBytes)
        guard count >= 0 else { throw InteropError.ptyFailed(step: "read", errno: errno) }
        return Array(buffer.prefix(count))
    }
}

/// glibc's pty functions that Swift's Glibc module leaves out (their prototypes need
/// _XOPEN_SOURCE), looked up once at run time (RTLD_DEFAULT is the null handle). grantpt is not needed: devpts sets the
/// slave's owner and mode itself.
private enum XOpen {
    typealias Unlock = @convention(c) (Int32) -> Int32
    typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    static let unlockpt: Unlock = unsafeBitCast(symbol("unlockpt"), to: Unlock.self)
    static let ptsname_r: Name = unsafeBitCast(symbol("ptsname_r"), to: Name.self)

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            preconditionFailure("glibc has no \(name)")
        }
        return address
    }
}
