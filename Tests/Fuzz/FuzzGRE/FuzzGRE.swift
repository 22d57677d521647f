import NIOCore
import PPTPWire

/// libFuzzer target: the enhanced GRE header parser (RFC 2637 §4.1). A parsed header must
/// encode back to the octets it was read from. scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGRE(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var buffer = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    let original = buffer
    guard let packet = try? buffer.readGREPacket() else { return 0 }
    var encoded = ByteBuffer()
    let headerLength = encoded.writeGREHeader(packet.header)
    precondition(headerLength == packet.header.encodedLength)
    precondition(
        encoded.readableBytesView.elementsEqual(original.readableBytesView.prefix(headerLength)),
        "GRE header \(packet.header) does not encode back to its octets")
    precondition(packet.payload.readableBytes == Int(packet.header.payloadLength) || packet.header.payloadLength == 0)
    return 0
}
