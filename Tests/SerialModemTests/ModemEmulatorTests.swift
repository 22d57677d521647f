import Foundation
import HDLC
import LineHAL
import ModemEmulator
import NIOPosix
import SimulatedLines
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The emulator as `pac modem-sim` runs it: a plain pty, no shim, no libserialport; a test
/// plays the program on the device side with read and write.
@Suite("Hayes modem emulator on a plain pty")
struct ModemEmulatorTests {
    private static let modem = ModemProfile(
        modulation: .v90, minimumSpeed: 2400, maximumDownstreamSpeed: 56000, maximumUpstreamSpeed: 33600,
        trainUpMilliseconds: 10)

    /// Reads the device until `text` has appeared, or fails after five seconds.
    private func read(_ device: CInt, until text: String) throws -> [UInt8] {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while !String(decoding: received, as: UTF8.self).contains(text) {
            guard ContinuousClock.now < deadline else {
                throw HarnessError("no '\(text)' from the emulator; got \(String(decoding: received, as: UTF8.self).debugDescription)")
            }
            var poller = pollfd(fd: device, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = Glibc.read(device, &chunk, chunk.count)
            if count > 0 { received += chunk[..<count] }
        }
        return received
    }

    private func write(_ device: CInt, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.write(device, $0.baseAddress, $0.count) }
    }

    /// The emulator on a loop of its own with one number on its switch, its pty open on the
    /// device side; dialing takes 20 ms.
    private func startEmulator(
        number: String, _ behaviour: Subscriber.Behaviour
    ) async throws -> (group: MultiThreadedEventLoopGroup, device: CInt) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let path = try await HayesModemEmulator.run(
            on: group.next(), modem: Self.modem,
            subscribers: [number: Subscriber(behaviour: behaviour, equipment: .modem(Self.modem))],
            timing: SwitchTiming(dialing: .milliseconds(20))
        ).get()
        let device = open(path, O_RDWR | O_NOCTTY)
        #expect(device >= 0)
        return (group, device)
    }

    @Test("AT commands are answered, ATD connects through the switch, frames come back from the echo far end")
    func dialAndEcho() async throws {
        let (group, device) = try await startEmulator(number: "5551000", .answer(afterRings: 0))
        defer { close(device) }
        write(device, Array("ATE0\r".utf8))
        #expect(String(decoding: try read(device, until: "OK\r\n"), as: UTF8.self).hasSuffix("\r\nOK\r\n"))
        write(device, Array("ATBOGUS\r".utf8))
        _ = try read(device, until: "ERROR\r\n")
        write(device, Array("ATDT5551000\r".utf8))
        _ = try read(device, until: "CONNECT 56000/ARQ/V90/LAPM/V42BIS\r\n")
        let frame: [UInt8] = [0xFF, 0x03, 0xC0, 0x21, 0x09, 0x01, 0x00, 0x08, 0x7E, 0x7D, 0x00, 0x11]
        var encoded: [UInt8] = []
        AsyncHDLCEncoder(sendACCM: 0).encode(frame, into: &encoded)
        write(device, encoded)
        let echoed = try read(device, until: "~")
        var decoder = AsyncHDLCDecoder(receiveACCM: 0)
        var frames: [[UInt8]] = []
        var characters = echoed
        while frames.isEmpty {
            decoder.decode(characters) { frames.append(Array($0)) }
            if frames.isEmpty {
                var more = [UInt8](repeating: 0, count: 4096)
                var poller = pollfd(fd: device, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 2000) > 0 else { break }
                let count = Glibc.read(device, &more, more.count)
                characters = count > 0 ? Array(more[..<count]) : []
            }
        }
        #expect(frames == [frame])
        try await group.shutdownGracefully()
    }

    @Test("V.250 §6.3.1 a character aborts a dial in progress; ATH0 right behind it in the same write is still a command")
    func abortThenCommandInOneWrite() async throws {
        let (group, device) = try await startEmulator(number: "5551003", .noAnswer)
        defer { close(device) }
        write(device, Array("ATE0\r".utf8))
        _ = try read(device, until: "OK\r\n")
        write(device, Array("ATDT5551003\r".utf8))
        try await Task.sleep(for: .milliseconds(200))  // dialled and ringing: no result yet
        write(device, Array("\rATH0\r".utf8))
        let text = String(decoding: try read(device, until: "OK\r\n"), as: UTF8.self)
        #expect(text == "\r\nNO CARRIER\r\n\r\nOK\r\n", "\(text.debugDescription)")
        try await group.shutdownGracefully()
    }

    @Test("a control file that cannot be sized (a FIFO) is refused with its path and errno")
    func unsizableControlFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("modem-control-\(getpid())").path
        try #require(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        #expect {
            _ = try ModemControlFile(path: path)
        } throws: { error in
            guard let error = error as? ModemControlFile.OpenError else { return false }
            return error.path == path && error.errno == EINVAL && error.description.contains(path)
        }
    }
}
