import LineHAL
import NIOCore

/// Who answers at the other end of a simulated call.
public enum FarEndKind: Sendable, Hashable {
    /// Sends back every character it receives: frames come back as they were sent.
    case echo
    /// A scripted PPP peer that speaks enough LCP (RFC 1661) to bring a link up and keep it
    /// alive: it acks Configure-Requests, sends its own, and answers Echo-Requests.
    case pppPeer(magicNumber: UInt32)
    /// The characters go to and come from a pseudo-terminal, so any real program opened on
    /// `PseudoTerminal.devicePath` is the far end. The line must run on a NIOPosix event loop.
    case pseudoTerminal(PseudoTerminal)
    /// The characters go to and come from a TCP connection to host:port. The line must run on
    /// a NIOPosix event loop.
    case tcp(host: String, port: Int)
}

/// The far end's side of a circuit: where it sends characters and how it hangs up.
struct CircuitPort {
    let transmit: (UnsafeRawBufferPointer) -> Void
    /// Ends the call from the far end, saying why.
    let hangUp: (CallClearing) -> Void
}

/// One far end of one call. Lives on the line's event loop, from connect until clear.
protocol FarEnd: AnyObject {
    func start(port: CircuitPort)
    /// Characters (async) or bit-stream octets (sync) that crossed the wire from the line.
    func receive(_ characters: UnsafeRawBufferPointer)
    /// The call is over; release what the far end holds.
    func stop()
}

/// `FarEndKind.echo`.
final class EchoFarEnd: FarEnd {
    /// The port's `transmit` alone: calling it then retains one closure, not the whole port.
    private var transmit: ((UnsafeRawBufferPointer) -> Void)?

    func start(port: CircuitPort) { transmit = port.transmit }
    func receive(_ characters: UnsafeRawBufferPointer) { transmit?(characters) }
    func stop() { transmit = nil }
}
