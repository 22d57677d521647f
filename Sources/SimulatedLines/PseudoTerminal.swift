#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pseudo-terminal pair in raw mode: the simulation reads and writes the controlling side,
/// a real program opens `devicePath` and sees the call's raw characters (async HDLC on modem
/// lines). Open it before the call; the far end takes the controlling side over when the call
/// connects and closes it when the call clears.
public struct PseudoTerminal: Sendable, Hashable {
    public let controllingDescriptor: CInt
    public let devicePath: String

    public struct OpenError: Error, CustomStringConvertible {
        public var step: String
        public var errno: CInt
        public var description: String {
            "cannot open a pseudo-terminal: \(step) failed: \(String(cString: strerror(errno)))"
        }
    }

    public static func openPair() throws(OpenError) -> PseudoTerminal {
        let controlling = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard controlling >= 0 else { throw OpenError(step: "open /dev/ptmx", errno: errno) }
        guard let path = terminalPath(unlocking: controlling) else {
            let code = errno
            close(controlling)
            throw OpenError(step: "unlocking the terminal side", errno: code)
        }
        // Raw mode on the terminal side: no echo, no line editing, no CR/LF translation, so
        // every octet of the HDLC stream passes unchanged both ways.
        let device = open(path, O_RDWR | O_NOCTTY)
        guard device >= 0 else {
            let code = errno
            close(controlling)
            throw OpenError(step: "open \(path)", errno: code)
        }
        var settings = termios()
        tcgetattr(device, &settings)
        cfmakeraw(&settings)
        tcsetattr(device, TCSANOW, &settings)
        close(device)
        return PseudoTerminal(controllingDescriptor: controlling, devicePath: path)
    }

    /// grantpt/unlockpt/ptsname, which Swift's Glibc module does not import: on Linux the same
    /// two ioctls of <asm-generic/ioctls.h> (TIOCSPTLCK, TIOCGPTN) the C library uses.
    private static func terminalPath(unlocking controlling: CInt) -> String? {
        #if os(Linux)
        var locked: CInt = 0
        var number: CInt = 0
        guard ioctl(controlling, 0x4004_5431, &locked) == 0, ioctl(controlling, 0x8004_5430, &number) == 0 else {
            return nil
        }
        return "/dev/pts/\(number)"
        #else
        guard grantpt(controlling) == 0, unlockpt(controlling) == 0, let name = ptsname(controlling) else { return nil }
        return String(cString: name)
        #endif
    }
}
