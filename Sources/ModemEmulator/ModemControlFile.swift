#if canImport(Glibc)
import Glibc
#endif

/// The modem-control lines of emulated ports, in a file shared with the LD_PRELOAD shim of
/// the serial tests (Tests/SerialModemTests/Shim): a pty has no DTR, DCD or RI, so the shim
/// answers the modem-control ioctls of a pty slave from here.
///
/// One 32-byte slot per pty number, native-endian 32-bit words, each with one writer:
/// word 0 the lines the DTE drives (TIOCM_DTR, TIOCM_RTS; the shim writes it), word 1 those
/// the DCE drives (TIOCM_CAR, TIOCM_RNG, TIOCM_CTS, TIOCM_DSR; the emulator writes it),
/// words 2...5 the frame, overrun, parity and break counters TIOCGICOUNT reports.
public final class ModemControlFile: Sendable {
    public static let slotBytes = 32
    public static let slotCount = 4096

    /// Linux <asm-generic/termios.h> bit values, as TIOCMGET reports them.
    public struct Lines: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let dataTerminalReady = Lines(rawValue: 0x002)
        public static let requestToSend = Lines(rawValue: 0x004)
        public static let clearToSend = Lines(rawValue: 0x020)
        public static let carrierDetect = Lines(rawValue: 0x040)
        public static let ringIndicator = Lines(rawValue: 0x080)
        public static let dataSetReady = Lines(rawValue: 0x100)
    }

    public struct OpenError: Error, CustomStringConvertible {
        public var path: String
        public var errno: CInt
        public var description: String { "cannot open the modem-control file \(path): \(String(cString: strerror(errno)))" }
    }

    public let path: String
    private let descriptor: CInt

    /// Opens (creating if needed) the file at `path`, sized for every slot.
    public init(path: String) throws(OpenError) {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OpenError(path: path, errno: errno) }
        let size = off_t(Self.slotBytes * Self.slotCount)
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_size < size, ftruncate(descriptor, size) != 0 {
            // No close here: the object is whole, so `deinit` runs and closes it. A second
            // close could close a descriptor another thread has opened under the same number.
            throw OpenError(path: path, errno: errno)
        }
    }

    deinit { close(descriptor) }

    /// The lines the DTE (the program on the pty) drives now.
    public func dteLines(pty: Int) -> Lines {
        Lines(rawValue: read(pty: pty, word: 0))
    }

    public func setDCELines(_ lines: Lines, pty: Int) {
        write(lines.rawValue, pty: pty, word: 1)
    }

    /// Sets the counters a TIOCGICOUNT on the pty reports.
    public func setErrorCounters(frame: UInt32, overrun: UInt32, parity: UInt32, breaks: UInt32, pty: Int) {
        for (word, value) in [(2, frame), (3, overrun), (4, parity), (5, breaks)] { write(value, pty: pty, word: word) }
    }

    /// Zeroes a slot: a new pty with the number of an old one starts with every line low.
    public func resetSlot(pty: Int) {
        for word in 0..<6 { write(0, pty: pty, word: word) }
    }

    private func offset(_ pty: Int, _ word: Int) -> off_t {
        precondition((0..<Self.slotCount).contains(pty), "pty \(pty) has no slot in the modem-control file")
        return off_t(pty * Self.slotBytes + word * 4)
    }

    private func read(pty: Int, word: Int) -> UInt32 {
        var value: UInt32 = 0
        _ = pread(descriptor, &value, 4, offset(pty, word))
        return value
    }

    private func write(_ value: UInt32, pty: Int, word: Int) {
        var value = value
        _ = pwrite(descriptor, &value, 4, offset(pty, word))
    }
}
