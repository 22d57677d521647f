import NIOCore
import PPTPProtocol
import PPTPWire

/// The state behind one GRE socket, confined to its event loop: the open calls, their shared
/// timer, and the drop counters. It only translates — datagrams into `TunnelWindow` inputs,
/// the window's actions into writes and deliveries; every protocol decision is the window's.
final class GREDemultiplexer {
    /// One open call: its window, who takes its frames, and who watches its packets.
    final class Call: DeadlineSleeper {
        /// Unchecked: each access is one call into the pure window, which calls nothing back;
        /// the runtime's check was a measurable share of every packet (docs/performance.md).
        @exclusivity(unchecked) var window: TunnelWindow
        let key: GRECallKey
        let deliver: (ByteBuffer) -> Void
        let tap: GRETap?
        var queuedDeadline: NIODeadline?
        /// Cleared on close: the call's deadlines still queued are skipped.
        var isOpen = true
        /// The next call with the same Call ID in the `CallTable` (another peer's).
        var nextWithSameID: Call?

        init(key: GRECallKey, window: TunnelWindow, tap: GRETap?, deliver: @escaping (ByteBuffer) -> Void) {
            self.key = key
            self.window = window
            self.tap = tap
            self.deliver = deliver
        }
    }

    private let eventLoop: EventLoop
    /// Where datagrams leave on a raw socket (`GRESocket.start`); nil once the socket closes
    /// (`detachSender`).
    @exclusivity(unchecked) var sender: RawDatagramSender?
    /// Without a sender, the channel's pipeline where the handler sits (`GREInboundHandler`),
    /// set while it is there: datagrams leave through the channel as envelopes (an in-memory
    /// network's channel, `GRESocket.attach`).
    var output: ChannelHandlerContext?
    private let allocator = ByteBufferAllocator()
    // `@exclusivity(unchecked)` on what every packet touches: each access is one statement or
    // a call that calls nothing back (a table lookup, a heap insert), and the runtime's check
    // of each was a visible share of every packet (docs/performance.md).
    @exclusivity(unchecked) private var calls = CallTable()
    @exclusivity(unchecked) private var deadlines = CallDeadlines<Call>()
    /// The loop's one timer, armed for `deadlines.earliest`.
    @exclusivity(unchecked) private var timer: (deadline: NIODeadline, task: Scheduled<Void>)?
    @exclusivity(unchecked) private var needsFlush = false
    /// Datagrams received since the last flush.
    @exclusivity(unchecked) private var receivedSinceFlush = 0
    /// The time of the read burst under way, read once for all its datagrams and the frames
    /// the lines answer with inside it: a clock read per datagram was about 1 % of the CPU at
    /// full rate. A burst lasts well under a millisecond, against time-outs of 50 ms and more.
    @exclusivity(unchecked) private var burstTime: NIODeadline?
    private var flushScheduled = false
    @exclusivity(unchecked) private var counters = GRESocketStatistics()

    var statistics: GRESocketStatistics {
        var statistics = counters
        statistics.datagramsRefused += sender?.refused ?? 0
        return statistics
    }

    /// Stops sending on the descriptor, which is closing and whose number may soon name
    /// another file; keeps what the sender counted.
    func detachSender() {
        counters.datagramsRefused += sender?.refused ?? 0
        sender = nil
    }

    init(eventLoop: EventLoop) {
        self.eventLoop = eventLoop
    }

    // MARK: Calls

    func open(
        _ key: GRECallKey, window: TunnelWindow, tap: GRETap? = nil,
        deliver: @escaping (ByteBuffer) -> Void
    ) throws(GRESocketError) {
        guard calls[key] == nil else { throw .callAlreadyOpen(key) }
        calls.insert(Call(key: key, window: window, tap: tap, deliver: deliver))
    }

    func close(_ key: GRECallKey) -> TunnelStatistics? {
        guard let call = calls.remove(key) else { return nil }
        call.isOpen = false
        return call.window.statistics
    }

    func callStatistics(_ key: GRECallKey) -> TunnelStatistics? {
        calls[key]?.window.statistics
    }

    /// A frame from the line for `key`; false if no such call is open.
    func send(_ frame: consuming ByteBuffer, on key: GRECallKey) -> Bool {
        guard let call = calls[key] else { return false }
        call.window.sendFrame(consume frame)
        perform(call, now: burstTime ?? eventLoop.now)
        flushSoon()
        return true
    }

    // MARK: Receiving

    /// One datagram from the raw socket, IPv4 header included; the flush waits for the end of
    /// the read burst.
    func receive(_ datagram: consuming ByteBuffer) {
        counters.datagramsReceived += 1
        let source: UInt32
        switch IPv4Datagram.stripHeader(&datagram) {
        case .success(let address): source = address
        case .failure(.malformedIPHeader): counters.droppedMalformedIPHeader += 1; return
        case .failure(.notGRE): counters.droppedNotGRE += 1; return
        }
        let greBytes = datagram  // for a tap; ByteBuffer copies share storage
        let packet: GREPacket
        do { packet = try datagram.readGREPacket() } catch {
            counters.droppedMalformedGRE += 1
            return
        }
        let key = GRECallKey(peerAddress: source, callID: packet.header.callID)
        guard let call = calls[key] else {
            if calls.contains(callID: key.callID) {
                counters.droppedWrongPeer += 1
            } else {
                counters.droppedUnknownCall += 1
            }
            return
        }
        call.tap?(.received, greBytes)
        let now = burstTime ?? eventLoop.now
        burstTime = now
        call.window.receive(packet, now: now)
        perform(call, now: now)
        receivedSinceFlush += 1
        if receivedSinceFlush >= Self.datagramsPerFlush { flushIfNeeded() }
    }

    /// Within a read burst (up to 4 reads of 64 datagrams), replies leave every this many
    /// datagrams rather than all at its end: the peer starts on the first replies while the
    /// rest are worked on, instead of the two sides taking turns. 32 per `sendmmsg` took
    /// 0.5–1 µs less CPU per echo than 8 at both half and full rate, for 15–25 µs more p50 at
    /// half rate; a smaller burst leaves at its end (docs/performance.md).
    static let datagramsPerFlush = 32

    func readComplete() {
        burstTime = nil
        flushIfNeeded()
    }

    // MARK: Performing the window's actions

    /// Drains the call's actions, then queues its next deadline on the loop's timer.
    private func perform(_ call: Call, now: NIODeadline) {
        while let action = call.window.nextAction(now: now) {
            switch consume action {
            case .send(let packet): write(consume packet, for: call)
            case .deliver(let frame): call.deliver(frame)
            }
        }
        deadlines.schedule(call, at: Self.nextDeadline(of: &call.window))
        armTimer()
    }

    /// Reads the window's deadline in place: `call.window.nextDeadline` would copy the whole
    /// window out of the call first (retaining and releasing each of its buffers), once per
    /// packet.
    private static func nextDeadline(of window: inout TunnelWindow) -> NIODeadline? {
        window.nextDeadline
    }

    private func write(_ packet: consuming GREPacket, for call: Call) {
        let buffer = Self.datagram(consume packet, allocator: allocator)
        call.tap?(.sent, buffer)
        if let sender {
            sender.enqueue(buffer, to: call.key.peerAddress)
        } else if let output {
            output.write(NIOAny(AddressedEnvelope(remoteAddress: call.key.socketAddress, data: buffer)), promise: nil)
        } else {
            return
        }
        counters.datagramsSent += 1
        needsFlush = true
    }

    /// The packet as one datagram. A payload with room for the header in front of its
    /// readable bytes (a line's frame, `ByteBuffer.lineFrameHeadroom`) takes the header
    /// there and leaves in its own buffer; if that buffer is shared, writing the header copies
    /// it (copy on write) and the sharer sees nothing. Any other payload is copied behind the
    /// header into a new buffer.
    ///
    static func datagram(_ packet: consuming GREPacket, allocator: ByteBufferAllocator) -> ByteBuffer {
        let header = packet.header
        let headerLength = header.encodedLength
        var buffer = (consume packet).payload
        guard buffer.readerIndex >= headerLength else {
            var datagram = allocator.buffer(capacity: headerLength + buffer.readableBytes)
            datagram.writeGREHeader(header)
            datagram.writeImmutableBuffer(buffer)
            return datagram
        }
        buffer.moveReaderIndex(to: buffer.readerIndex - headerLength)
        buffer.setGREHeader(header, at: buffer.readerIndex)
        return buffer
    }

    /// Frames from the lines leave once the loop has run what is queued now: the frames many
    /// lines deliver in one tick go out in one flush, one `sendmmsg`, instead of one system
    /// call each (docs/performance.md).
    private func flushSoon() {
        guard needsFlush, !flushScheduled else { return }
        flushScheduled = true
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        eventLoop.execute {
            bound.value.flushScheduled = false
            bound.value.flushIfNeeded()
        }
    }

    private func flushIfNeeded() {
        receivedSinceFlush = 0
        guard needsFlush else { return }
        needsFlush = false
        if let sender { sender.flush() } else { output?.flush() }
    }

    // MARK: The loop's one timer

    /// Calls' deadlines share firings on a grid of `timerSlack`: the shortest waits of a tunnel
    /// are 50 ms (the acknowledgment delay, the reorder hold time), so firing up to 10 ms late
    /// stays well inside what a peer allows (a 100 ms MinTimeOut), and with thousands of calls
    /// the timer fires (and NIO re-arms its timerfd, a system call) at most 100 times a second
    /// instead of once per distinct deadline: 3,300 times a second with 10,000 calls of one
    /// frame a second. The grid is the simulated wires' tick (`WireScheduler`), so the two
    /// share the loop's wake-ups (docs/performance.md).
    static let timerSlack = TimeAmount.milliseconds(10)

    private func armTimer() {
        guard let earliest = deadlines.earliest else { return }
        let slack = Self.timerSlack.nanoseconds
        let due = NIODeadline.uptimeNanoseconds((earliest.uptimeNanoseconds + UInt64(slack) - 1) / UInt64(slack) * UInt64(slack))
        if let timer, timer.deadline <= due { return }
        timer?.task.cancel()
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        timer = (due, eventLoop.scheduleTask(deadline: due) { bound.value.timerFired() })
    }

    private func timerFired() {
        timer = nil
        let now = eventLoop.now
        while let call = deadlines.popDue(now: now) {
            if call.isOpen { perform(call, now: now) }
        }
        armTimer()
        flushIfNeeded()
    }

    func shutDown() {
        detachSender()
        timer?.task.cancel()
        timer = nil
        calls.removeAll()
    }
}
