import NIOCore

/// The PAC a scenario runs against, with the scenario's PNS connected to it: in process on
/// a virtual clock (`VirtualPAC`) or a running `pac serve` over TCP in real time (`LivePAC`).
/// The runner asks it to act and to let time pass; everything about the PNS is read through
/// `withPNS`, on the PNS's event loop.
protocol ScenarioTarget: AnyObject {
    /// Opens the PNS's control connection (it then sends Start-Control-Connection-Request).
    func connect() throws

    /// `body` on the PNS's event loop; nil before `connect`.
    func withPNS<T: Sendable>(_ body: @escaping @Sendable (ScenarioPNS) -> T) -> T?

    /// Lets time pass until `condition` holds or `limit` has passed; whether it held.
    func pass(until condition: @escaping @Sendable (ScenarioPNS) -> Bool, limit: TimeAmount) -> Bool

    /// Time since the target started (virtual or real).
    var elapsed: TimeAmount { get }

    // MARK: The call's data (RFC 2637 §4)

    /// Opens the PNS's end of a call's GRE tunnel; frames arriving count in
    /// `ScenarioPNS.framesReceived`.
    func openTunnel(callID: UInt16, peerCallID: UInt16, peerWindow: UInt16, peerProcessingDelay: UInt16) throws
    func sendFrames(callID: UInt16, _ frames: [ByteBuffer]) throws

    // MARK: The PAC's side (the simulated network behind it)

    /// A caller from the switch's plan rings a PAC line.
    func ring(line: Int, from caller: String, dialed: String) throws
    func impair(line: Int, _ settings: ImpairmentSettings) throws
    /// The PAC line carrying the PNS's call.
    func line(ofPNSCall callID: UInt16) -> Int?
    /// The PAC hangs the call up itself (as its operator would).
    func pacHangUp(pnsCallID: UInt16) throws

    func shutDown()
}

/// Why the target could not do what a step asked.
struct ScenarioTargetError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
