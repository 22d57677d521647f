import HDLC
import LineHAL
import NIOCore

/// Calls: dialing, ringing and caller ID, CONNECT, the data path and carrier loss.
extension HayesModemLine {
    func startDialing(_ request: DialRequest) {
        phase = .dialing(request)
        guard let command = DialString.command(for: request.number, mode: profile.dialMode) else {
            eventLoop.assumeIsolated().execute { [weak self] in
                guard let self, case .dialing = self.phase else { return }
                self.phase = .idle
                self.report(.cleared(CallClearing(cause: .invalidNumberFormat, reason: .refused)))
            }
            return
        }
        submit(ATCommand(command, timeout: profile.timing.dial))
    }

    func reportRinging(callerNumber: String, dialedNumber: String) {
        let call = IncomingCall(callerNumber: callerNumber, dialedNumber: dialedNumber, bearer: .analog)
        phase = .ringing(call, callerNumber: callerNumber, dialedNumber: dialedNumber)
        report(.incomingCall(call))
    }

    func armRingSilence() {
        schedule(after: profile.timing.ringSilence) { line in
            // The caller gave up (or the rejected call stopped ringing).
            let wasReported = if case .ringing(_?, _, _) = line.phase { true } else { false }
            line.phase = .idle
            if wasReported { line.report(.cleared(CallClearing(cause: .normalClearing, reason: .remoteHangUp))) }
        }
    }

    /// CONNECT: a call whose speed is outside what was asked for is hung up, not reported.
    func establish(_ connect: ConnectReport, requested: SpeedRange, data: [UInt8]) {
        lastConnect = connect
        let receive = connect.lineSpeed ?? profile.speeds.maximum
        let transmit = connect.otherDirectionSpeed ?? receive
        guard requested.contains(receive) else {
            endCall()
            phase = .hangingUp(then: nil)
            report(.cleared(CallClearing(cause: .bearerCapabilityNotAvailable, reason: .noCarrier)))
            return beginHangUp(dataMode: true)
        }
        accm = .default
        counters = LineStatistics()
        call = CallFraming(accm: accm, uartBaseline: connection?.port.errorCounters())
        phase = .connected(transmitSpeed: transmit, receiveSpeed: receive)
        report(.connected(transmitSpeed: transmit, receiveSpeed: receive))
        pollCarrier()
        if !data.isEmpty { data.withUnsafeBytes { receiveData($0) } }
    }

    func receiveData(_ bytes: UnsafeRawBufferPointer) {
        guard let call else { return }
        var frames: [ByteBuffer] = []
        call.decoder.decode(bytes) { frames.append(ByteBuffer(lineFrame: $0)) }
        frames.handOver { frame in
            counters.framesReceived += 1
            counters.octetsReceived += UInt64(frame.readableBytes)
            delegate?.line(self, didReceive: consume frame)
            return true
        }
    }

    /// DCD read on a timer while connected: the modem's word that the call is still up.
    func pollCarrier() {
        schedule(after: profile.timing.signalPoll) { line in
            guard case .connected = line.phase, let connection = line.connection else { return }
            let signals: ModemSignals
            do {
                signals = try connection.port.signals()
            } catch {
                return line.takeOutOfService(
                    "\(error)", clearing: CallClearing(cause: .temporaryFailure, reason: .carrierLost))
            }
            guard signals.contains(.dataCarrierDetect) else { return line.loseCarrier() }
            line.pollCarrier()
        }
    }

    /// DCD dropped: one time-out (the carrier-detect timer, RFC 2637 §2.14), the call is over,
    /// and the modem is back in command mode.
    func loseCarrier() {
        counters.timeouts += 1
        endCall()
        phase = .hangingUp(then: nil)
        report(.cleared(CallClearing(cause: .temporaryFailure, reason: .carrierLost)))
        confirmOnHook()
    }
}
