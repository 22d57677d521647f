import Foundation
import LineHAL
import NIOCore
import PPTPProtocol
import PPTPWire
import SimulatedLines
import Testing
@testable import PAC

@Suite("Call detail records")
struct CallDetailRecordTests {
    /// An engine whose records land in `records`.
    final class Recorded {
        let pac: EngineHarness
        var records: [CallDetailRecord] = []

        init(analogLines: Int = 2) throws {
            pac = try EngineHarness(analogLines: analogLines)
            pac.engine.callEnded = { [unowned self] in self.records.append($0) }
        }
    }

    @Test("a record is one sorted-key JSON line, times in ISO 8601 UTC with milliseconds, absent values left out")
    func encoding() throws {
        let start = Date(timeIntervalSince1970: 1_764_480_000.25)
        let record = CallDetailRecord(
            callID: 7, peerCallID: 3, callSerialNumber: 1, direction: "outgoing", peer: "198.18.0.2", connection: 1,
            line: 2, bearer: "analog", framing: "async", dialedNumber: "5550200", callingNumber: nil,
            startTime: start, answerTime: nil, endTime: start.addingTimeInterval(2.5), durationSeconds: 0,
            resultMessage: "Outgoing-Call-Reply", resultCode: 4, result: "Busy", errorCode: 0, cause: 17,
            causeName: "user busy", release: "not established", transmitSpeed: nil, receiveSpeed: nil, sendACCM: nil,
            receiveACCM: nil, lineCounters: nil, tunnelCounters: nil, wanErrorNotifies: 0)
        let line = String(decoding: try record.jsonLine(), as: UTF8.self)
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
        #expect(line.contains(#""startTime":"2025-11-30T05:20:00.250Z""#), "\(line)")
        #expect(line.contains(#""endTime":"2025-11-30T05:20:02.750Z""#))
        #expect(!line.contains("answerTime") && !line.contains("callingNumber") && !line.contains("tunnelCounters"))
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]).keys
        #expect(line.firstRange(of: "\"callID\"")!.lowerBound < line.firstRange(of: "\"direction\"")!.lowerBound)
        #expect(keys.count == 21)
        #expect(try CallDetailRecord.decode(jsonLine: line) == record)
    }

    @Test("a connected call cleared by the PNS: both Call IDs, times, speeds, Request cause 16, counters, ACCM")
    func connectedCall() throws {
        let recorded = try Recorded()
        let pac = recorded.pac
        let (pns, reply) = try pac.connectedCall(peerCallID: 3, to: "5550100")
        pns.send(.setLinkInfo(SetLinkInfo(peerCallID: reply.callID, sendACCM: 0, receiveACCM: 0x000A_0000)))
        pac.line(1).send(frame: ByteBuffer(bytes: [0xFF, 0x03, 0xC0, 0x21, 9, 1, 0, 8, 1, 2, 3, 4]))
        pac.advance(by: .seconds(10))
        pns.send(.callClearRequest(CallClearRequest(callID: 3)))
        pac.advance(by: .seconds(1))
        let record = try #require(recorded.records.first)
        #expect(recorded.records.count == 1)
        #expect(record.callID == reply.callID && record.peerCallID == 3 && record.callSerialNumber == 1)
        #expect(record.direction == "outgoing" && record.peer == "198.18.0.2" && record.line == 1)
        #expect(record.bearer == "analog" && record.framing == "async" && record.dialedNumber == "5550100")
        #expect(record.resultMessage == "Call-Disconnect-Notify" && record.result == "Request" && record.resultCode == 4)
        #expect(record.cause == 16 && record.causeName == "normal call clearing" && record.errorCode == 0)
        #expect(record.release == "disconnected")
        #expect(record.transmitSpeed == Int(reply.connectSpeed) && (record.receiveSpeed ?? 0) > 0)
        #expect(record.sendACCM == "0x0" && record.receiveACCM == "0xA0000")
        #expect((record.lineCounters?.framesSent ?? 0) == 1)
        let answer = try #require(record.answerTime)
        #expect(record.startTime < answer && answer < record.endTime)
        #expect(abs(record.durationSeconds - record.endTime.timeIntervalSince(answer)) <= 0.001)
        #expect(record.durationSeconds >= 10)
    }

    @Test("busy, no answer and refused numbers: Outgoing-Call-Reply's result and Q.931 cause, never answered",
          arguments: [("5550200", "Busy", 17), ("5550201", "Time-out", 19), ("5550202", "Do Not Accept", 21)])
    func failedCalls(number: String, result: String, cause: Int) throws {
        let recorded = try Recorded()
        let pns = try recorded.pac.connectPNS()
        pns.send(outgoingCallRequest(callID: 5, to: number))
        recorded.pac.advance(by: .seconds(30))
        let record = try #require(recorded.records.first)
        #expect(record.resultMessage == "Outgoing-Call-Reply" && record.result == result && record.cause == cause)
        #expect(record.peerCallID == 5 && record.line == 1 && record.dialedNumber == number)
        #expect(record.answerTime == nil && record.durationSeconds == 0 && record.lineCounters == nil)
        #expect(record.release == "not established")
    }

    @Test("a call refused before it has a line has a record: No-Resource, cause 34, no line")
    func refusedWithoutLine() throws {
        let recorded = try Recorded(analogLines: 1)
        let pns = try recorded.pac.connectPNS()
        pns.send(outgoingCallRequest(callID: 1, to: "5550100", bearer: .analog))
        pns.send(outgoingCallRequest(callID: 2, to: "5550101", bearer: .analog))
        let record = try #require(recorded.records.first)
        #expect(record.peerCallID == 2 && record.line == nil && record.result == "General Error")
        #expect(record.errorCode == Int(GeneralErrorCode.noResource.rawValue) && record.cause == 34)
    }

    @Test("incoming calls: one the PNS refused names Incoming-Call-Reply; one with no PNS has no Call ID")
    func incoming() throws {
        let recorded = try Recorded()
        let pac = recorded.pac
        try pac.world.network.ring(pac.line(2), from: "5550150", dialed: "5559000")
        let unrouted = try #require(recorded.records.first)
        #expect(unrouted.callID == nil && unrouted.release == "rejected" && unrouted.cause == 41)
        #expect(unrouted.callingNumber == "5550150" && unrouted.dialedNumber == "5559000" && unrouted.line == 2)

        let pns = try pac.connectPNS()
        _ = pns.received()
        try pac.world.network.ring(pac.line(2), from: "5550150", dialed: "5559000")
        guard case .incomingCallRequest(let request)? = pns.received().first else {
            Issue.record("no Incoming-Call-Request")
            return
        }
        pns.send(.incomingCallReply(IncomingCallReply(
            callID: 9, peerCallID: request.callID, resultCode: .doNotAccept, packetReceiveWindowSize: 0, packetTransmitDelay: 0)))
        let refused = try #require(recorded.records.last)
        #expect(recorded.records.count == 2)
        #expect(refused.callID == request.callID && refused.peerCallID == 9 && refused.direction == "incoming")
        #expect(refused.resultMessage == "Incoming-Call-Reply" && refused.result == "Do Not Accept")
    }

    @Test("WAN-Error-Notify messages sent for the call are counted in its record")
    func wanErrorNotifies() throws {
        let recorded = try Recorded()
        let pac = recorded.pac
        _ = try pac.connectedCall()
        pac.sendThroughBitErrors(on: 1)
        _ = pac.engine.shutdown()
        let record = try #require(recorded.records.first)
        #expect(record.wanErrorNotifies == 1)
        #expect((record.lineCounters?.crcErrors ?? 0) > 0)
        #expect(record.result == "Admin Shutdown")
    }

    @Test("the file: calls placed (connected, busy, no answer) are read back after shutdown, one line each")
    func fileRoundTrip() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pac-cdr-\(UUID())/calls.jsonl").path
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let capture = LogCapture()
        let file = CallDetailRecordFile(path: path, logger: capture.logger)
        let pac = try EngineHarness(analogLines: 3)
        pac.engine.callEnded = { file.append($0) }
        let pns = try pac.connectPNS()
        for (callID, number) in [(1, "5550100"), (2, "5550200"), (3, "5550201")] {
            pns.send(outgoingCallRequest(callID: UInt16(callID), to: number, bearer: .analog))
        }
        pac.advance(by: .seconds(30))
        _ = pac.engine.shutdown()
        await file.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let records = try lines.map { try CallDetailRecord.decode(jsonLine: $0) }.sorted { $0.peerCallID! < $1.peerCallID! }
        #expect(records.map(\.result) == ["Admin Shutdown", "Busy", "Time-out"])
        #expect(records.map(\.dialedNumber) == ["5550100", "5550200", "5550201"])
        #expect(records[0].answerTime != nil && records[1].answerTime == nil)
        #expect(capture.records.filter { $0.level >= .error }.isEmpty)
    }

    @Test("a failed write is logged with the call and the writer goes on")
    func failedWrite() async throws {
        let capture = LogCapture()
        let file = CallDetailRecordFile(path: "/dev/full", logger: capture.logger)
        let record = CallDetailRecord(
            callID: 7, peerCallID: 3, direction: "outgoing", peer: "198.18.0.2", line: 2, dialedNumber: "5550100",
            startTime: Date(), endTime: Date(), durationSeconds: 0, release: "not established", wanErrorNotifies: 0)
        file.append(record)
        file.append(record)
        await file.close()
        let errors = capture.records.filter { $0.level == .error }
        #expect(errors.count == 2)
        #expect(errors.first?.message.contains("not written to /dev/full: No space left on device") == true, "\(errors)")
        #expect(errors.first?.metadata["call"] == "7" && errors.first?.metadata["line"] == "2")
    }
}
