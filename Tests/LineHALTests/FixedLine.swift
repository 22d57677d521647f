import HDLC
import LineHAL
import NIOCore
import NIOEmbedded

/// A line that only has an identity and capabilities: what the pool needs to hunt.
final class FixedLine: Line {
    let id: LineID
    let capabilities: LineCapabilities
    let eventLoop: any EventLoop = EmbeddedEventLoop()
    weak var delegate: (any LineDelegate)?
    private(set) var callState: LineCallState = .idle
    var statistics: LineStatistics { LineStatistics() }

    init(_ id: Int, bearer: Bearer) {
        self.id = LineID(id)
        self.capabilities = LineCapabilities(
            bearer: bearer, framing: bearer == .analog ? .async : .sync,
            speeds: SpeedRange(minimum: 2400, maximum: 64000), channel: id)
    }

    func dial(_ request: DialRequest) throws(LineError) { callState = .dialing(request) }
    func answer() throws(LineError) { callState = .connecting }
    func reject(cause: Q931Cause) throws(LineError) { callState = .idle }
    func hangUp(cause: Q931Cause) { callState = .idle }
    func send(frame: ByteBuffer) {}
    let accm = ACCM.default
    func setACCM(_ accm: ACCM) {}
}
