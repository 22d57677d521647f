import GRETransport
import LineHAL
import NIOCore
import PPTPProtocol
import PPTPWire

/// Line events → protocol, and frames between lines and the tunnel.
extension PACEngine: LineDelegate {
    public func line(_ line: any Line, didReport event: LineEvent) {
        if handleTestCall(line, event) { return }
        switch event {
        case .incomingCall(let incoming):
            ring(line, incoming)
        case .alerting:
            if let callID = callsByLine[line.id], let record = calls[callID] {
                logger.debug("far end alerting", metadata: metadata(record))
            }
        case .connected(let transmitSpeed, let receiveSpeed):
            connected(line, speed: transmitSpeed, receiveSpeed: receiveSpeed)
        case .cleared(let clearing):
            cleared(line, clearing)
        case .hardwareFailure(let reason):
            try? pool.takeOutOfService(line.id, reason: .driverFailure(reason))
            logger.error("line out of service: \(reason)", metadata: ["line": "\(line.id.rawValue)"])
        case .restored:
            // The driver's recovery undoes its own failure only; an operator's "down" stays.
            guard case .outOfService(.driverFailure) = pool.lines.first(where: { $0.id == line.id })?.availability
            else { return }
            try? pool.returnToService(line.id)
            logger.notice("line back in service", metadata: ["line": "\(line.id.rawValue)"])
        }
    }

    public func line(_ line: any Line, didReceive frame: consuming ByteBuffer) {
        guard let key = tunnelsByLine[line.id] else { return }
        gre?.send(consume frame, on: key)
    }

    private func connected(_ line: any Line, speed: Int, receiveSpeed: Int) {
        guard let callID = callsByLine[line.id], var record = calls[callID] else { return }
        let entry = record.connection
        let actions: [ControlConnectionAction]
        switch record.direction {
        case .outgoing:
            statistics.outgoingCallsConnected += 1
            actions = entry.core.outgoingCallConnected(
                callID, connectSpeed: UInt32(clamping: speed), physicalChannelID: UInt32(line.capabilities.channel),
                now: now)
        case .incoming:
            statistics.incomingCallsConnected += 1
            actions = entry.core.incomingCallAnswered(
                callID, connectSpeed: UInt32(clamping: speed),
                framingType: line.capabilities.framing == .async ? .asynchronous : .synchronous, now: now)
        }
        record.phase = .connected
        callDetails[callID]?.answeredAt = now
        callDetails[callID]?.transmitSpeed = speed
        callDetails[callID]?.receiveSpeed = receiveSpeed
        callDetails[callID]?.accm = line.accm
        record.greKey = openTunnel(record)
        tunnelsByLine[line.id] = record.greKey
        calls[callID] = record
        logger.info("connected at \(speed) bit/s", metadata: metadata(record))
        perform(actions, on: entry)
    }

    /// RFC 2637 §4: the call's frames go over GRE to the connection's peer, with a tunnel
    /// window sized by what each side advertised.
    private func openTunnel(_ record: CallRecord) -> GRECallKey? {
        guard let gre, let peer = record.connection.channel.remoteAddress,
            let peerCallID = record.connection.core.peerCallID(of: record.callID)
        else { return nil }
        let window = configuration.tunnel.window(
            peerCallID: peerCallID, peerReceiveWindowSize: record.peerReceiveWindowSize,
            peerProcessingDelay: record.peerProcessingDelay, receiveWindowSize: configuration.control.receiveWindowSize)
        let line = record.line
        do {
            return try gre.openCall(peer: peer, localCallID: record.callID, window: window, tap: captureTap(record)) {
                line.send(frame: $0)
            }
        } catch {
            logger.error("no tunnel for the call: \(error)", metadata: metadata(record))
            return nil
        }
    }

    /// The call's GRE tap when the capture filter chooses it (docs/records.md).
    private func captureTap(_ record: CallRecord) -> GRETap? {
        guard let capture, let local = IPv4Address(record.connection.channel.localAddress),
            let peer = record.connection.peer, let detail = callDetails[record.callID],
            capture.filter.capturesCall(
                peer: peer, line: record.line.id.rawValue,
                numbers: [detail.dialedNumber] + (detail.callingNumber.map { [$0] } ?? []))
        else { return nil }
        return capture.greTap(local: local, peer: peer)
    }

    private func cleared(_ line: any Line, _ clearing: CallClearing) {
        guard let callID = callsByLine[line.id], let record = calls[callID] else {
            pendingRings.removeAll { $0.line.id == line.id }  // the caller gave up while we connected
            pool.release(line.id)
            return
        }
        let entry = record.connection
        let cause = CallOutcome.cause(clearing.cause)
        logger.info("line cleared: \(clearing)", metadata: metadata(record))
        switch record.phase {
        case .dialing:
            let (result, error) = CallOutcome.outgoingFailure(clearing)
            perform(entry.core.outgoingCallFailed(callID, result: result, error: error, cause: cause, now: now), on: entry)
        case .clearingForPNS:
            perform(
                entry.core.callDisconnected(
                    callID, result: .request, cause: cause, statistics: summary(line.statistics), now: now),
                on: entry)
        case .ringing, .answering, .connected:
            let (result, error) = CallOutcome.disconnect(clearing)
            perform(
                entry.core.callDisconnected(
                    callID, result: result, error: error, cause: cause, statistics: summary(line.statistics), now: now),
                on: entry)
        }
    }

    /// Call-Disconnect-Notify's Call Statistics (RFC 2637 §2.13): vendor-specific ASCII.
    private func summary(_ statistics: LineStatistics) -> String {
        "tx \(statistics.framesSent)f/\(statistics.octetsSent)o rx \(statistics.framesReceived)f/"
            + "\(statistics.octetsReceived)o crc \(statistics.crcErrors) frm \(statistics.framingErrors) "
            + "hwo \(statistics.hardwareOverruns) bfo \(statistics.bufferOverruns) tmo \(statistics.timeouts) "
            + "aln \(statistics.alignmentErrors)"
    }

    /// WAN-Error-Notify (RFC 2637 §2.14) from each connected call's line counters; the core
    /// decides whether one is due.
    func pollLineErrors() {
        // Through indices, reading fields in place: a record copied out for each of thousands
        // of calls every second costs retains and releases of everything it holds. What is
        // due is performed after the loop, which must not see `calls` change under it.
        var due: [(actions: [ControlConnectionAction], connection: ConnectionEntry)] = []
        for index in calls.indices where calls.values[index].phase == .connected {
            let callID = calls.keys[index]
            let s = calls.values[index].line.statistics
            let counters = WANErrorCounters(
                crcErrors: UInt32(clamping: s.crcErrors), framingErrors: UInt32(clamping: s.framingErrors),
                hardwareOverruns: UInt32(clamping: s.hardwareOverruns), bufferOverruns: UInt32(clamping: s.bufferOverruns),
                timeoutErrors: UInt32(clamping: s.timeouts), alignmentErrors: UInt32(clamping: s.alignmentErrors))
            let connection = calls.values[index].connection
            let actions = connection.core.lineErrors(callID, counters, now: now)
            if !actions.isEmpty { due.append((actions, connection)) }
        }
        for (actions, connection) in due { perform(actions, on: connection) }
    }
}
