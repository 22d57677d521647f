import NIOCore
import PPTPWire

/// libFuzzer target: the control-connection stream decoder (RFC 2637 §1.4) over any bytes, cut
/// at a fuzzer-chosen point as TCP might. A decoded message must serialize to octets that parse
/// again, to the same message when its octets were ASCII (string fields hold ASCII, §2.2;
/// other octets decode to U+FFFD and cannot round-trip: Fixtures/fuzz/control-stream).
/// scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzControlStream(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let cut = bytes.first else { return 0 }
    let input = bytes.dropFirst()
    let split = input.isEmpty ? 0 : Int(cut) % input.count
    var buffer = ByteBuffer(bytes: input.prefix(split))
    let decoder = ControlMessageDecoder()
    var fed = false
    while true {
        let start = buffer.readerIndex
        let item: InboundControlMessage?
        do { item = try decoder.next(from: &buffer) } catch { return 0 }
        guard let item else {
            guard !fed else { return 0 }
            fed = true
            buffer.writeBytes(input.dropFirst(split))
            continue
        }
        if case .message(let message) = item {
            let ascii = buffer.getBytes(at: start, length: buffer.readerIndex - start)?.allSatisfy { $0 < 0x80 } ?? false
            checkRoundTrip(message, ascii: ascii)
        }
        if case .rejected(_, let octets) = item {
            _ = try? ControlMessageParser.parse(octets, strictness: .lenient)
        }
    }
}

private func checkRoundTrip(_ message: ControlMessage, ascii: Bool) {
    var encoded = ByteBuffer()
    encoded.writeControlMessage(message)
    guard let again = try? ControlMessageParser.parse(encoded) else {
        fatalError("\(message.type) decoded but its serialization does not parse")
    }
    precondition(!ascii || again == message, "\(message.type) changed in a serialize-parse round trip")
}
