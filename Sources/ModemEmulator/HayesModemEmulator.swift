import HDLC
import LineHAL
import NIOCore
import NIOPosix
import SimulatedLines

#if canImport(Glibc)
import Glibc
#endif

/// A Hayes modem on a pseudo-terminal, for `pac modem-sim` and the serial-modem tests: a
/// program opens `devicePath` as if it were a modem's serial port and drives it with AT
/// commands. Calls go through a `SimulatedSwitch`: ATD places a simulated call, RING and
/// caller ID announce one, and after CONNECT the PPP frames go to the simulated far end.
///
/// Like a V.42 modem, the emulator ends the async-HDLC framing at the port and carries whole
/// frames across the call, so frames arrive byte-exact whatever ACCM the program uses.
/// DCD, RI and DTR work through a `ModemControlFile` (with the test shim); without one, the
/// program hangs up with `+++` and ATH.
///
/// Lives on the switch's event loop; call everything there.
public final class HayesModemEmulator {
    /// How the modem words CONNECT.
    public enum ConnectStyle: Sendable, Hashable {
        /// `CONNECT 49333/ARQ/V90/LAPM/V42BIS` (USRobotics Courier, X7).
        case courier
        /// `CARRIER 49333`, `PROTOCOL: LAP-M`, `COMPRESSION: V.42BIS`, `CONNECT 115200`.
        case rockwell
    }

    public let eventLoop: any EventLoop
    /// The simulated line this modem is on; the switch rings it and carries its calls.
    public let line: SimulatedLine
    public private(set) var devicePath: String
    public var connectStyle = ConnectStyle.courier
    /// false: the modem ignores DTR drops, as one configured `&D0` would.
    public var honoursDTR = true
    /// When set, the next ATD answers this result code without placing a call (e.g. `BLACKLISTED`).
    public var scriptedDialResult: String?
    /// Silence around `+++` (S12).
    public var escapeGuard: TimeAmount = .milliseconds(200)
    /// Every command line received, and each `+++` escape taken, in order, for tests and the
    /// `modem-sim` log.
    public private(set) var commandLog: [String] = []
    /// Told each command line, `+++` escape and DTR drop as it happens (`modem-sim` prints them).
    public var onActivity: (String) -> Void = { _ in }

    private let network: SimulatedSwitch
    private let controlFile: ModemControlFile?
    private var channel: (any Channel)?
    /// An open descriptor of the device side, so the pty stays up while no program has it open.
    private var deviceHold: CInt = -1
    private var ptyNumber = -1
    private var echo = true
    private var verbose = true
    private var callerID = false
    private var dtrHangsUp = true
    private var hangingUpByCommand = false
    private var lineBuffer: [UInt8] = []
    private var mode = Mode.command
    private var ringTimer: Scheduled<Void>?
    private var pollTimer: Scheduled<Void>?
    private var escapeTimer: Scheduled<Void>?
    private var lastDataTime = NIODeadline.uptimeNanoseconds(0)
    private var dtrWasHigh = false
    private var decoder = AsyncHDLCDecoder(receiveACCM: 0)
    private let encoder = AsyncHDLCEncoder(sendACCM: 0xFFFF_FFFF)
    private var dceLines: ModemControlFile.Lines = [.clearToSend, .dataSetReady]

    private enum Mode {
        case command
        /// ATD or ATA sent to the switch, result pending.
        case calling
        case data
    }

    /// Starts a modem on a new pty; the future gives the emulator once the pty is being read.
    /// `controlFile` is the shim's file; nil for a plain pty.
    public static func start(
        on network: SimulatedSwitch, modem: ModemProfile, lineID: LineID = LineID(9000),
        controlFile: ModemControlFile? = nil
    ) -> EventLoopFuture<HayesModemEmulator> {
        let emulator = HayesModemEmulator(network: network, modem: modem, lineID: lineID, controlFile: controlFile)
        return emulator.plugIn().assumeIsolated().map { _ in emulator }.nonisolated()
    }

    /// The `pac modem-sim` entry point: a switch on `eventLoop` with `subscribers` in its
    /// number plan, and a modem of `modem` on a new pty. The future gives the pty's device
    /// path; the emulator runs until the loop shuts down.
    public static func run(
        on eventLoop: any EventLoop, modem: ModemProfile, subscribers: [String: Subscriber], seed: UInt64 = 1,
        timing: SwitchTiming = SwitchTiming(), controlFile: ModemControlFile? = nil,
        activity: @escaping @Sendable (String) -> Void = { _ in }
    ) -> EventLoopFuture<String> {
        eventLoop.flatSubmit {
            let network = SimulatedSwitch(eventLoop: eventLoop, seed: seed, timing: timing)
            for (number, subscriber) in subscribers { network.addSubscriber(number, subscriber) }
            return start(on: network, modem: modem, controlFile: controlFile).assumeIsolated()
                .map { emulator in
                    emulator.onActivity = activity
                    return emulator.devicePath
                }.nonisolated()
        }
    }

    private init(network: SimulatedSwitch, modem: ModemProfile, lineID: LineID, controlFile: ModemControlFile?) {
        self.network = network
        self.eventLoop = network.eventLoop
        self.controlFile = controlFile
        self.line = network.makeModemLine(id: lineID, modem: modem)
        self.devicePath = ""
        line.delegate = self
    }

    // MARK: Controls

    /// A new pty appears (the modem is plugged in); the future gives its device path.
    public func plugIn() -> EventLoopFuture<String> {
        let terminal: PseudoTerminal
        do {
            terminal = try PseudoTerminal.openPair()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        devicePath = terminal.devicePath
        ptyNumber = Int(terminal.devicePath.split(separator: "/").last ?? "") ?? -1
        deviceHold = open(terminal.devicePath, O_RDWR | O_NOCTTY)
        controlFile?.resetSlot(pty: ptyNumber)
        resetSettings()
        setDCE(dceLines)
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        return NIOPipeBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(EmulatorHandler(emulator: bound.value))
                }
            }
            .takingOwnershipOfDescriptor(inputOutput: terminal.controllingDescriptor)
            .map { channel in
                bound.value.channel = channel
                // Without a control file nothing can tell DTR: the program hangs up by +++ and ATH.
                if bound.value.controlFile != nil { bound.value.pollDTR() }
                return bound.value.devicePath
            }
    }

    /// The modem disappears (a USB modem unplugged): its pty closes, so the program's reads fail.
    public func unplug() {
        line.hangUp(cause: .temporaryFailure)
        pollTimer?.cancel()
        ringTimer?.cancel()
        channel?.close(promise: nil)
        channel = nil
        if deviceHold >= 0 { close(deviceHold) }
        deviceHold = -1
    }

    /// Rings the modem with a call from `caller`, a number in the switch's plan.
    public func ring(from caller: String, dialed: String = "") throws {
        try network.ring(line, from: caller, dialed: dialed)
    }

    /// The carrier drops mid-call: DCD goes low and the modem says NO CARRIER.
    public func dropCarrier() {
        line.hangUp(cause: .normalClearing)
    }

    /// false: the modem hangs, reading and answering nothing, until set true again.
    public var responding = true

    /// Writes raw characters to the program, e.g. line noise or an over-long line.
    public func inject(_ characters: [UInt8]) {
        write(characters)
    }

    /// What TIOCGICOUNT reports for the port, through the control file.
    public func setErrorCounters(frame: UInt32, overrun: UInt32, parity: UInt32, breaks: UInt32) {
        controlFile?.setErrorCounters(frame: frame, overrun: overrun, parity: parity, breaks: breaks, pty: ptyNumber)
    }

    /// Whether the program holds DTR up, as the control file says.
    public var dataTerminalReady: Bool {
        controlFile?.dteLines(pty: ptyNumber).contains(.dataTerminalReady) ?? false
    }

    // MARK: From the pty

    fileprivate func received(_ buffer: ByteBuffer) {
        guard responding else { return }
        let bytes = Array(buffer.readableBytesView)
        switch mode {
        case .data:
            receiveData(bytes)
        case .calling:
            // Any character aborts a dial or answer in progress (V.250 §6.3.1) and is discarded.
            // The modem is back in command mode at once, so what came after it in the same read
            // is a command: a DTE that aborts with CR and follows with ATH0 may be read as fast.
            line.hangUp(cause: .normalClearing)
            guard mode == .command else { return }
            for byte in bytes.dropFirst() { commandCharacter(byte) }
        case .command:
            for byte in bytes { commandCharacter(byte) }
        }
    }

    fileprivate func closed() {
        channel = nil
    }

    private func commandCharacter(_ byte: UInt8) {
        if echo { write([byte]) }
        switch byte {
        case 0x0D:
            let text = String(decoding: lineBuffer, as: UTF8.self)
            lineBuffer.removeAll()
            if !text.isEmpty { execute(text) }
        case 0x0A: break
        default:
            if lineBuffer.count < 256 { lineBuffer.append(byte) }
        }
    }

    private func receiveData(_ bytes: [UInt8]) {
        let now = eventLoop.now
        defer { lastDataTime = now }
        if bytes == Array("+++".utf8), now - lastDataTime >= escapeGuard {
            escapeTimer = eventLoop.assumeIsolated().scheduleTask(in: escapeGuard) { [weak self] in
                guard let self, self.mode == .data else { return }
                self.commandLog.append("+++")
                self.onActivity("+++")
                self.mode = .command
                self.result("OK")
            }
            return
        }
        escapeTimer?.cancel()
        var frames: [ByteBuffer] = []
        decoder.decode(bytes) { frames.append(ByteBuffer(bytes: $0)) }
        for frame in frames { line.send(frame: frame) }
    }

    // MARK: Commands

    private func execute(_ text: String) {
        commandLog.append(text)
        onActivity(text)
        guard let commands = EmulatorCommandLine.parse(text) else { return result("ERROR") }
        for command in commands {
            switch command.name {
            case "E": echo = command.argument != "0"
            case "V": verbose = command.argument != "0"
            case "Z", "&F": resetSettings()
            case "&D": dtrHangsUp = command.argument == "2"
            case "#CID", "+VCID": callerID = command.argument != "0"
            case "H":
                hangingUpByCommand = true
                line.hangUp(cause: .normalClearing)
                hangingUpByCommand = false
            case "O":
                guard case .connected = line.callState else { return result("NO CARRIER") }
                mode = .data
                return result("CONNECT")
            case "A":
                guard case .ringing = line.callState else { return result("NO CARRIER") }
                ringTimer?.cancel()
                mode = .calling
                try? line.answer()
                return
            case "D":
                return dial(command.argument)
            case "Q", "X", "M", "L", "S", "&C", "&B", "&H", "&R", "&K", "&M", "&N", "\\N", "I", "W":
                break
            default:
                return result("ERROR")
            }
        }
        result("OK")
    }

    private func dial(_ argument: String) {
        if let scripted = scriptedDialResult {
            scriptedDialResult = nil
            return result(scripted)
        }
        var digits = Substring(argument)
        if let first = digits.first, first == "T" || first == "P" { digits = digits.dropFirst() }
        let number = digits.filter { $0.isNumber || $0 == "*" || $0 == "#" }
        guard !number.isEmpty, digits.allSatisfy({ "0123456789*#ABCD,W@!".contains($0) }) else { return result("ERROR") }
        mode = .calling
        do {
            try line.dial(DialRequest(number: number, bearer: .analog))
        } catch {
            mode = .command
            result("ERROR")
        }
    }

    private func resetSettings() {
        echo = true
        verbose = true
        callerID = false
        dtrHangsUp = true
    }

    // MARK: Output

    /// The codes every family numbers alike, and Rockwell's 19 for the DTE rate it reports.
    private static let numericCodes = [
        "OK": "0", "CONNECT": "1", "RING": "2", "NO CARRIER": "3", "ERROR": "4", "NO DIALTONE": "6", "BUSY": "7",
        "NO ANSWER": "8", "CONNECT 115200": "19",
    ]

    /// A result code in the form ATV chose: `CR LF text CR LF`, or `digits CR` for the codes
    /// every family numbers alike; report lines (CARRIER, PROTOCOL) stay text.
    private func result(_ text: String) {
        let code = Self.numericCodes[text] ?? (text.hasPrefix("CONNECT") ? "1" : nil)
        if !verbose, let code {
            write(Array("\(code)\r".utf8))
        } else {
            write(Array("\r\n\(text)\r\n".utf8))
        }
    }

    private func write(_ bytes: [UInt8]) {
        guard responding, let channel else { return }
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes), promise: nil)
    }

    private func setDCE(_ lines: ModemControlFile.Lines) {
        dceLines = lines
        controlFile?.setDCELines(lines, pty: ptyNumber)
    }

    private func connectResult(speed: Int) {
        switch connectStyle {
        case .courier:
            result("CONNECT \(speed)/ARQ/V90/LAPM/V42BIS")
        case .rockwell:
            for text in ["CARRIER \(speed)", "PROTOCOL: LAP-M", "COMPRESSION: V.42BIS"] { result(text) }
            result("CONNECT 115200")
        }
    }

    private func ringOnce(_ call: IncomingCall, first: Bool) {
        setDCE(dceLines.union(.ringIndicator))
        result("RING")
        setDCE(dceLines.subtracting(.ringIndicator))
        if first, callerID {
            for field in ["DATE = 1124", "TIME = 1200", "NMBR = \(call.callerNumber)", "NAME = SIMULATED CALLER"] {
                write(Array("\r\n\(field)".utf8))
            }
            write(Array("\r\n".utf8))
        }
        ringTimer = eventLoop.assumeIsolated().scheduleTask(in: network.timing.ringCycle) { [weak self] in
            guard let self, case .ringing = self.line.callState else { return }
            self.ringOnce(call, first: false)
        }
    }

    /// DTR watched on a short timer, as a modem's UART would see it change.
    private func pollDTR() {
        pollTimer = eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(10)) { [weak self] in
            guard let self, self.channel != nil else { return }
            let high = self.dataTerminalReady
            if self.dtrWasHigh, !high { self.onActivity("DTR dropped") }
            if self.dtrWasHigh, !high, self.honoursDTR, self.dtrHangsUp, self.responding {
                self.line.hangUp(cause: .normalClearing)
                self.mode = .command
            }
            self.dtrWasHigh = high
            self.pollDTR()
        }
    }
}

extension HayesModemEmulator: LineDelegate {
    public func line(_ line: any Line, didReport event: LineEvent) {
        switch event {
        case .incomingCall(let call):
            ringOnce(call, first: true)
        case .alerting:
            break
        case .connected(let transmit, _):
            mode = .data
            decoder = AsyncHDLCDecoder(receiveACCM: 0)
            lastDataTime = eventLoop.now
            setDCE(dceLines.union(.carrierDetect))
            connectResult(speed: transmit)
        case .cleared(let clearing):
            ringTimer?.cancel()
            let wasInCall = mode != .command
            setDCE(dceLines.subtracting([.carrierDetect, .ringIndicator]))
            mode = .command
            // ATH answers OK itself; everything else that ends a call says how it ended.
            guard wasInCall, !hangingUpByCommand else { return }
            switch clearing.reason {
            case .busy: result("BUSY")
            case .noDialTone: result("NO DIALTONE")
            case .noAnswer: result("NO ANSWER")
            default: result("NO CARRIER")
            }
        case .hardwareFailure, .restored:
            break
        }
    }

    public func line(_ line: any Line, didReceive frame: ByteBuffer) {
        guard mode == .data else { return }
        var output: [UInt8] = []
        frame.withUnsafeReadableBytes { encoder.encode($0, into: &output) }
        write(output)
    }
}

private final class EmulatorHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let emulator: HayesModemEmulator

    init(emulator: HayesModemEmulator) { self.emulator = emulator }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        emulator.received(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        emulator.closed()
        context.fireChannelInactive()
    }
}
