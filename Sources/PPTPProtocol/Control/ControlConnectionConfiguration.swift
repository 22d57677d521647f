import NIOCore
import PPTPWire

/// Which end of PPTP this program plays on a control connection (RFC 2637 §1.2).
public enum PPTPRole: Sendable, Hashable {
    /// PPTP Access Concentrator: owns the lines, places and answers calls.
    case pac
    /// PPTP Network Server: asks the PAC to place calls and accepts its incoming ones.
    case pns
}

/// Who opened the TCP connection (RFC 2637 §3.1): the two sides run different state machines.
public enum ControlConnectionOrigin: Sendable, Hashable {
    /// We opened it and send the Start-Control-Connection-Request (§3.1.1).
    case originator
    /// The peer opened it; we wait for its request (§3.1.2).
    case receiver
}

/// What a control connection says about us and how long it waits. Timers default to the
/// RFC's 60 seconds.
public struct ControlConnectionConfiguration: Sendable, Hashable {
    public var role: PPTPRole
    public var hostName: String
    public var vendorName: String
    public var firmwareRevision: UInt16
    public var framingCapabilities: FramingCapabilities
    public var bearerCapabilities: BearerCapabilities
    /// Sessions the PAC supports; a PNS sends 0 (RFC 2637 §2.1).
    public var maximumChannels: UInt16
    /// Packet Recv. Window Size we advertise for each call (RFC 2637 §4.2.1).
    public var receiveWindowSize: UInt16
    /// Packet Processing Delay we advertise, in 1/10 s (RFC 2637 §2.7, §2.8, §4.4).
    public var packetProcessingDelay: UInt16
    /// §3.1.4 (1): close a connection not established within this time.
    public var setupTimeout: TimeAmount
    /// §3.1.4 (2): send an Echo-Request after this long without a message.
    public var keepAliveInterval: TimeAmount
    /// §3.1.4 (2): close when the Echo-Reply has not arrived within this time.
    public var echoReplyTimeout: TimeAmount
    /// §3 "if an expected reply does not arrive within 60 seconds, the control connection is
    /// closed": bounds the wait for a Stop-Control-Connection-Reply.
    public var stopReplyTimeout: TimeAmount
    /// §3.2.1: a call transition that waits on the peer longer than this closes the whole
    /// control connection.
    public var callTransitionTimeout: TimeAmount
    /// §3.2.4.1: a PAC that has not connected or failed an outgoing call by then answers
    /// Outgoing-Call-Reply Time-out and hangs the line up.
    public var outgoingCallTimeout: TimeAmount
    /// §2.14: at most one WAN-Error-Notify per call in this interval.
    public var wanErrorNotifyInterval: TimeAmount

    public init(
        role: PPTPRole, hostName: String, vendorName: String, firmwareRevision: UInt16 = 1,
        framingCapabilities: FramingCapabilities = [.asynchronous, .synchronous],
        bearerCapabilities: BearerCapabilities = [.analog, .digital], maximumChannels: UInt16 = 0,
        receiveWindowSize: UInt16 = 64, packetProcessingDelay: UInt16 = 0,
        setupTimeout: TimeAmount = .seconds(60), keepAliveInterval: TimeAmount = .seconds(60),
        echoReplyTimeout: TimeAmount = .seconds(60), stopReplyTimeout: TimeAmount = .seconds(60),
        callTransitionTimeout: TimeAmount = .seconds(60), outgoingCallTimeout: TimeAmount = .seconds(60),
        wanErrorNotifyInterval: TimeAmount = .seconds(60)
    ) {
        self.role = role
        self.hostName = hostName
        self.vendorName = vendorName
        self.firmwareRevision = firmwareRevision
        self.framingCapabilities = framingCapabilities
        self.bearerCapabilities = bearerCapabilities
        self.maximumChannels = maximumChannels
        self.receiveWindowSize = receiveWindowSize
        self.packetProcessingDelay = packetProcessingDelay
        self.setupTimeout = setupTimeout
        self.keepAliveInterval = keepAliveInterval
        self.echoReplyTimeout = echoReplyTimeout
        self.stopReplyTimeout = stopReplyTimeout
        self.callTransitionTimeout = callTransitionTimeout
        self.outgoingCallTimeout = outgoingCallTimeout
        self.wanErrorNotifyInterval = wanErrorNotifyInterval
    }
}
