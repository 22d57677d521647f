import LineHAL
import NIOCore

/// The port's life: open and initialise, read, lose it, re-open with back-off.
extension HayesModemLine {
    func openPort() {
        generation += 1
        let current = generation
        let bound = NIOLoopBound(WeakLine(self), eventLoop: eventLoop)
        PortConnection.open(portName, settings: profile.port, on: eventLoop) {
            PortChannelHandler(
                received: { bytes in bound.value.line?.portReceived(bytes, generation: current) },
                lost: { why in bound.value.line?.portLost(why, generation: current) })
        }.assumeIsolated().whenComplete { result in
            guard current == self.generation, self.started else {
                if case .success(let connection) = result { connection.close() }
                return
            }
            switch result {
            case .success(let connection):
                self.connection = connection
                self.initialise()
            case .failure(let error):
                self.outOfServiceReason = "\(error)"
                self.reportFailure("\(error)")
                self.scheduleRetry()
            }
        }
    }

    func initialise() {
        engine.reset()
        let commands = profile.initialisation
        phase = .initialising(remaining: commands.count)
        for command in commands { submit(command) }
    }

    func portReceived(_ bytes: ByteBuffer, generation current: Int) {
        guard current == generation else { return }
        if engine.inDataMode {
            bytes.withUnsafeReadableBytes { receiveData($0) }
        } else {
            perform(engine.receive(bytes.readableBytesView, now: eventLoop.now))
        }
    }

    func portLost(_ why: String, generation current: Int) {
        guard current == generation, connection != nil else { return }
        // The modem is gone with its call: for the far end the carrier dropped.
        takeOutOfService(
            "port \(portName) lost: \(why)", clearing: CallClearing(cause: .temporaryFailure, reason: .carrierLost))
    }

    /// Clears any call, closes the port and schedules the next re-open. `.hardwareFailure` is
    /// reported once per outage, a port missing at start included: failed re-open attempts
    /// only update `outOfServiceReason`.
    func takeOutOfService(_ reason: String, clearing: CallClearing, report reportFailure: Bool = true) {
        let hadCall: Bool
        switch phase {
        case .dialing, .answering, .connected, .ringing(_?, _, _), .hangingUp(_?): hadCall = true
        default: hadCall = false
        }
        endCall()
        cancelStep()
        deadlineTimer?.cancel()
        deadlineTimer = nil
        engine.reset()
        generation += 1
        connection?.close()
        connection = nil
        phase = .outOfService
        outOfServiceReason = reason
        if hadCall { report(.cleared(clearing)) }
        if reportFailure { self.reportFailure(reason) }
        if started { scheduleRetry() }
        if let done = shutdownDone {
            shutdownDone = nil
            done.succeed()
        }
    }

    /// `.hardwareFailure`, once per outage.
    func reportFailure(_ reason: String) {
        restoreDue = true
        guard !failureReported else { return }
        failureReported = true
        report(.hardwareFailure(reason))
    }

    func scheduleRetry() {
        let delay = retryDelay
        retryDelay = min(retryDelay * 2, profile.timing.retryMaximum)
        schedule(after: delay) { $0.openPort() }
    }
}

/// Lets the port's channel handler reach the line without keeping it alive.
private struct WeakLine {
    weak var line: HayesModemLine?
    init(_ line: HayesModemLine) { self.line = line }
}
