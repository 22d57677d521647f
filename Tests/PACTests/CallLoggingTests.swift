import Logging
import NIOCore
import PPTPWire
import Testing
@testable import PAC

@Suite("Structured logs")
struct CallLoggingTests {
    @Test("every log line about a call carries both Call IDs, the line and the peer; connection lines carry the peer")
    func callMetadata() throws {
        let capture = LogCapture()
        let pac = try EngineHarness(logger: capture.logger)
        let (pns, reply) = try pac.connectedCall(peerCallID: 3, to: "5550100")
        pns.send(.setLinkInfo(SetLinkInfo(peerCallID: reply.callID, sendACCM: 0, receiveACCM: 0)))
        pns.send(.callClearRequest(CallClearRequest(callID: 3)))
        pac.advance(by: .seconds(1))

        let records = capture.records
        let aboutCall = records.filter { $0.metadata["call"] != nil }
        let messages = aboutCall.map(\.message)
        for expected in ["dialing", "connected at", "ACCM", "line cleared", "call released"] {
            #expect(messages.contains { $0.hasPrefix(expected) }, "no '\(expected)…' line with call metadata: \(messages)")
        }
        for record in aboutCall {
            #expect(record.metadata["call"] == "\(reply.callID)", "\(record)")
            #expect(record.metadata["peer-call"] == "3", "\(record)")
            #expect(record.metadata["line"] == "1", "\(record)")
            #expect(record.metadata["peer"] == "198.18.0.2", "\(record)")
        }
        let aboutConnection = records.filter { $0.message.contains("control connection") }
        #expect(!aboutConnection.isEmpty)
        #expect(aboutConnection.allSatisfy { $0.metadata["peer"] == "198.18.0.2" })
    }

    @Test("a refused call's log line names its Call IDs and the peer")
    func refusedCallMetadata() throws {
        let capture = LogCapture()
        let pac = try EngineHarness(logger: capture.logger)
        let pns = try pac.connectPNS()
        pns.send(outgoingCallRequest(callID: 8, to: ""))
        let refused = try #require(capture.records.first { $0.message.contains("refused") })
        #expect(refused.metadata["peer-call"] == "8" && refused.metadata["call"] != nil)
        #expect(refused.metadata["peer"] == "198.18.0.2")
    }
}
