import LineHAL
import Testing

@Suite("Q.931 causes")
struct Q931CauseTests {
    @Test("causes carry their Q.850 values and names", arguments: [
        (Q931Cause.unassignedNumber, 1, "unassigned (unallocated) number"),
        (.normalClearing, 16, "normal call clearing"),
        (.userBusy, 17, "user busy"),
        (.noUserResponding, 18, "no user responding"),
        (.noAnswer, 19, "no answer from user (user alerted)"),
        (.callRejected, 21, "call rejected"),
        (.destinationOutOfOrder, 27, "destination out of order"),
        (.noCircuitAvailable, 34, "no circuit/channel available"),
        (.networkOutOfOrder, 38, "network out of order"),
        (.temporaryFailure, 41, "temporary failure"),
        (.switchingEquipmentCongestion, 42, "switching equipment congestion"),
        (.requestedChannelNotAvailable, 44, "requested circuit/channel not available"),
        (.resourceUnavailable, 47, "resource unavailable, unspecified"),
        (.bearerCapabilityNotAvailable, 58, "bearer capability not presently available"),
        (.recoveryOnTimerExpiry, 102, "recovery on timer expiry"),
    ])
    func valuesAndNames(cause: Q931Cause, value: Int, name: String) {
        #expect(Int(cause.rawValue) == value)
        #expect(cause.name == name)
        #expect(cause.description == "\(value) \(name)")
        #expect(Q931Cause(rawValue: UInt8(value)) == cause)
    }

    @Test("every cause has its own name")
    func namesAreDistinct() {
        #expect(Set(Q931Cause.allCases.map(\.name)).count == Q931Cause.allCases.count)
    }
}
