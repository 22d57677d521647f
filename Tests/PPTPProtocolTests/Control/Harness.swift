import NIOCore
import PPTPWire
@testable import PPTPProtocol

/// Drives one ControlConnection in virtual time and keeps what it asked for.
struct Harness {
    var connection: ControlConnection
    var callIDs = CallIdentifiers()
    var now = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    static func configuration(_ role: PPTPRole) -> ControlConnectionConfiguration {
        ControlConnectionConfiguration(
            role: role, hostName: role == .pac ? "pac.test" : "pns.test", vendorName: "PAC tests",
            maximumChannels: role == .pac ? 96 : 0, receiveWindowSize: 32)
    }

    init(role: PPTPRole, origin: ControlConnectionOrigin) {
        connection = ControlConnection(
            configuration: Self.configuration(role), origin: origin, now: .uptimeNanoseconds(1_000_000_000_000))
    }

    /// A PAC that accepted a PNS's connection and is established.
    static func establishedPAC() -> Harness {
        var harness = Harness(role: .pac, origin: .receiver)
        _ = harness.receive(.startControlConnectionRequest(Messages.startRequest()))
        _ = harness.connection.admit(.accept, now: harness.now)
        return harness
    }

    /// A PNS that opened a connection to a PAC and is established.
    static func establishedPNS() -> Harness {
        var harness = Harness(role: .pns, origin: .originator)
        _ = harness.connection.connected(now: harness.now)
        _ = harness.receive(.startControlConnectionReply(Messages.startReply()))
        return harness
    }

    mutating func receive(_ message: ControlMessage) -> [ControlConnectionAction] {
        connection.receive(.message(message), now: now, callIDs: &callIDs)
    }

    mutating func receive(bytes: [UInt8]) -> [ControlConnectionAction] {
        var buffer = ByteBuffer(bytes: bytes)
        let item = try! ControlMessageDecoder().next(from: &buffer)!
        return connection.receive(item, now: now, callIDs: &callIDs)
    }

    /// Moves the clock forward, firing the connection's timer each time it comes due.
    mutating func advance(by amount: TimeAmount) -> [ControlConnectionAction] {
        let end = now + amount
        var actions: [ControlConnectionAction] = []
        while let deadline = connection.nextDeadline, deadline <= end {
            now = max(now, deadline)
            actions += connection.timeout(now: now)
        }
        now = end
        return actions
    }

    /// A PAC call for an Outgoing-Call-Request, dialed and connected.
    mutating func establishOutgoingCall(peerCallID: UInt16) -> UInt16 {
        let actions = receive(.outgoingCallRequest(Messages.outgoingCallRequest(callID: peerCallID)))
        guard case .outgoingCallRequested(let callID, _)? = actions.events.first else {
            fatalError("no outgoing call requested: \(actions)")
        }
        _ = connection.outgoingCallConnected(callID, connectSpeed: 33600, physicalChannelID: 1, now: now)
        return callID
    }
}

enum Messages {
    static func startRequest(version: UInt16 = PPTPHeader.protocolVersion) -> StartControlConnectionRequest {
        StartControlConnectionRequest(
            protocolVersion: version, framingCapabilities: .asynchronous, bearerCapabilities: .analog,
            maximumChannels: 0, firmwareRevision: 0x0102, hostName: "pns.peer", vendorName: "peer")
    }

    static func startReply(
        _ result: StartControlConnectionResult = .successful, version: UInt16 = PPTPHeader.protocolVersion
    ) -> StartControlConnectionReply {
        StartControlConnectionReply(
            protocolVersion: version, resultCode: result, framingCapabilities: .asynchronous,
            bearerCapabilities: .analog, maximumChannels: 8, firmwareRevision: 1, hostName: "pac.peer",
            vendorName: "peer")
    }

    static func outgoingCallRequest(callID: UInt16, phone: String = "5550100") -> OutgoingCallRequest {
        OutgoingCallRequest(
            callID: callID, callSerialNumber: 7, minimumBPS: 2400, maximumBPS: 64000, bearerType: .any,
            framingType: .either, packetReceiveWindowSize: 16, packetProcessingDelay: 0, phoneNumber: phone)
    }
}

extension Array where Element == ControlConnectionAction {
    var sent: [ControlMessage] {
        compactMap { if case .send(let message) = $0 { message } else { nil } }
    }

    var events: [ControlConnectionEvent] {
        compactMap { if case .event(let event) = $0 { event } else { nil } }
    }

    var violations: [ProtocolViolation] {
        compactMap { if case .violation(let violation) = $0 { violation } else { nil } }
    }

    var closeReason: ControlConnectionCloseReason? {
        for action in self { if case .close(let reason) = action { return reason } }
        return nil
    }

    var released: [UInt16: CallReleaseReason] {
        var result: [UInt16: CallReleaseReason] = [:]
        for event in events { if case .callReleased(let callID, let reason) = event { result[callID] = reason } }
        return result
    }
}

extension ControlMessage {
    var encoded: [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeControlMessage(self)
        return Array(buffer.readableBytesView)
    }
}
