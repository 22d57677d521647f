/// Q.931 / Q.850 cause values, with their standard names. A call that is refused or cleared
/// always says why with one of these, on analog lines too, so the engine has one vocabulary
/// for PPTP's Cause Code (RFC 2637 §2.13 Call-Disconnect-Notify) and for its logs.
public enum Q931Cause: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case unassignedNumber = 1
    case noRouteToTransitNetwork = 2
    case noRouteToDestination = 3
    case channelUnacceptable = 6
    case normalClearing = 16
    case userBusy = 17
    case noUserResponding = 18
    case noAnswer = 19
    case subscriberAbsent = 20
    case callRejected = 21
    case numberChanged = 22
    case nonSelectedUserClearing = 26
    case destinationOutOfOrder = 27
    case invalidNumberFormat = 28
    case facilityRejected = 29
    case normalUnspecified = 31
    case noCircuitAvailable = 34
    case networkOutOfOrder = 38
    case temporaryFailure = 41
    case switchingEquipmentCongestion = 42
    case accessInformationDiscarded = 43
    case requestedChannelNotAvailable = 44
    case resourceUnavailable = 47
    case qualityOfServiceNotAvailable = 49
    case facilityNotSubscribed = 50
    case bearerCapabilityNotAuthorized = 57
    case bearerCapabilityNotAvailable = 58
    case serviceNotAvailable = 63
    case bearerCapabilityNotImplemented = 65
    case facilityNotImplemented = 69
    case serviceNotImplemented = 79
    case invalidCallReference = 81
    case incompatibleDestination = 88
    case invalidMessage = 95
    case mandatoryInformationElementMissing = 96
    case messageTypeNonExistent = 97
    case messageNotCompatibleWithCallState = 101
    case recoveryOnTimerExpiry = 102
    case protocolError = 111
    case interworkingUnspecified = 127

    /// The name Q.850 gives the cause.
    public var name: String {
        switch self {
        case .unassignedNumber: "unassigned (unallocated) number"
        case .noRouteToTransitNetwork: "no route to specified transit network"
        case .noRouteToDestination: "no route to destination"
        case .channelUnacceptable: "channel unacceptable"
        case .normalClearing: "normal call clearing"
        case .userBusy: "user busy"
        case .noUserResponding: "no user responding"
        case .noAnswer: "no answer from user (user alerted)"
        case .subscriberAbsent: "subscriber absent"
        case .callRejected: "call rejected"
        case .numberChanged: "number changed"
        case .nonSelectedUserClearing: "non-selected user clearing"
        case .destinationOutOfOrder: "destination out of order"
        case .invalidNumberFormat: "invalid number format (address incomplete)"
        case .facilityRejected: "facility rejected"
        case .normalUnspecified: "normal, unspecified"
        case .noCircuitAvailable: "no circuit/channel available"
        case .networkOutOfOrder: "network out of order"
        case .temporaryFailure: "temporary failure"
        case .switchingEquipmentCongestion: "switching equipment congestion"
        case .accessInformationDiscarded: "access information discarded"
        case .requestedChannelNotAvailable: "requested circuit/channel not available"
        case .resourceUnavailable: "resource unavailable, unspecified"
        case .qualityOfServiceNotAvailable: "quality of service not available"
        case .facilityNotSubscribed: "requested facility not subscribed"
        case .bearerCapabilityNotAuthorized: "bearer capability not authorized"
        case .bearerCapabilityNotAvailable: "bearer capability not presently available"
        case .serviceNotAvailable: "service or option not available, unspecified"
        case .bearerCapabilityNotImplemented: "bearer capability not implemented"
        case .facilityNotImplemented: "requested facility not implemented"
        case .serviceNotImplemented: "service or option not implemented, unspecified"
        case .invalidCallReference: "invalid call reference value"
        case .incompatibleDestination: "incompatible destination"
        case .invalidMessage: "invalid message, unspecified"
        case .mandatoryInformationElementMissing: "mandatory information element is missing"
        case .messageTypeNonExistent: "message type non-existent or not implemented"
        case .messageNotCompatibleWithCallState: "message not compatible with call state"
        case .recoveryOnTimerExpiry: "recovery on timer expiry"
        case .protocolError: "protocol error, unspecified"
        case .interworkingUnspecified: "interworking, unspecified"
        }
    }

    /// "17 user busy": the value first, as switch logs and PPTP analysers print it.
    public var description: String { "\(rawValue) \(name)" }
}
