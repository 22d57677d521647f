// Encode and decode cost of every control message and of the enhanced GRE header.
// Issue target: decoding a fixed-size message allocates nothing beyond its strings.
import Benchmark
import NIOCore
import PPTPWire

/// One representative value per control message type; strings short enough (≤ 15 UTF-8
/// octets) to be stored inline, so any malloc counted is the codec's own.
let samples: [ControlMessage] = [
    .startControlConnectionRequest(
        StartControlConnectionRequest(
            framingCapabilities: .asynchronous, bearerCapabilities: .analog, maximumChannels: 0,
            firmwareRevision: 1, hostName: "pns.lab", vendorName: "PAC bench")),
    .startControlConnectionReply(
        StartControlConnectionReply(
            resultCode: .successful, framingCapabilities: [.asynchronous, .synchronous],
            bearerCapabilities: [.analog, .digital], maximumChannels: 256, firmwareRevision: 1,
            hostName: "pac.lab", vendorName: "PAC")),
    .stopControlConnectionRequest(StopControlConnectionRequest(reason: .stopLocalShutdown)),
    .stopControlConnectionReply(StopControlConnectionReply(resultCode: .ok)),
    .echoRequest(EchoRequest(identifier: 7)),
    .echoReply(EchoReply(identifier: 7)),
    .outgoingCallRequest(
        OutgoingCallRequest(
            callID: 1, callSerialNumber: 2, minimumBPS: 2400, maximumBPS: 10_000_000, bearerType: .any,
            framingType: .either, packetReceiveWindowSize: 64, packetProcessingDelay: 0, phoneNumber: "5550100")),
    .outgoingCallReply(
        OutgoingCallReply(
            callID: 5, peerCallID: 1, resultCode: .connected, connectSpeed: 56000, packetReceiveWindowSize: 64,
            packetProcessingDelay: 0, physicalChannelID: 3)),
    .incomingCallRequest(
        IncomingCallRequest(
            callID: 5, callSerialNumber: 9, bearerType: .digital, physicalChannelID: 4, dialedNumber: "5550100",
            dialingNumber: "5551234")),
    .incomingCallReply(
        IncomingCallReply(callID: 1, peerCallID: 5, resultCode: .connect, packetReceiveWindowSize: 64, packetTransmitDelay: 0)),
    .incomingCallConnected(
        IncomingCallConnected(
            peerCallID: 1, connectSpeed: 64000, packetReceiveWindowSize: 64, packetTransmitDelay: 0, framingType: .synchronous)),
    .callClearRequest(CallClearRequest(callID: 1)),
    .callDisconnectNotify(CallDisconnectNotify(callID: 5, resultCode: .request, causeCode: CauseCode(rawValue: 16))),
    .wanErrorNotify(WANErrorNotify(peerCallID: 1, crcErrors: 3, framingErrors: 1)),
    .setLinkInfo(SetLinkInfo(peerCallID: 5, sendACCM: 0, receiveACCM: 0)),
]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .instructions],
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    for message in samples {
        Benchmark("encode \(message.type)") { benchmark in
            var buffer = ByteBufferAllocator().buffer(capacity: 256)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                buffer.clear()
                blackHole(buffer.writeControlMessage(message))
            }
        }

        Benchmark("decode \(message.type)") { benchmark in
            var encoded = ByteBuffer()
            encoded.writeControlMessage(message)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try ControlMessageParser.parse(encoded))
            }
        }
    }

    Benchmark("stream-decode 15 coalesced messages") { benchmark in
        var stream = ByteBuffer()
        for message in samples { stream.writeControlMessage(message) }
        let decoder = ControlMessageDecoder()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var input = stream
            while let item = try decoder.next(from: &input) { blackHole(item) }
        }
    }

    Benchmark("GRE header parse, data + ack, 100-octet payload") { benchmark in
        var packet = ByteBuffer()
        packet.writeGREHeader(GREHeader(payloadLength: 100, callID: 7, sequenceNumber: 41, acknowledgmentNumber: 40))
        packet.writeRepeatingByte(0x21, count: 100)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var input = packet
            blackHole(try input.readGREPacket())
        }
    }

    Benchmark("GRE header write, data + ack") { benchmark in
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        let header = GREHeader(payloadLength: 100, callID: 7, sequenceNumber: 41, acknowledgmentNumber: 40)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            buffer.clear()
            blackHole(buffer.writeGREHeader(header))
        }
    }
}
