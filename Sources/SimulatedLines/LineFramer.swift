import HDLC
import LineHAL

/// The framing of one end of a simulated call: async HDLC on modems, bit-synchronous HDLC on
/// B-channels. Both ends of a call use it, so the characters or bits between them are real
/// HDLC and every impairment is judged by the real decoder.
///
/// Two optionals rather than an enum with payloads: `codec!.decoder.decode` mutates in place,
/// where taking a decoder out of an enum case would copy its frame buffer on every call.
struct LineFramer {
    private struct AsyncCodec {
        var encoder: AsyncHDLCEncoder
        var decoder: AsyncHDLCDecoder
    }

    private struct SyncCodec {
        let encoder = SyncHDLCEncoder()
        var decoder = SyncHDLCDecoder()
        /// Holds the bits of the last octet that is not complete yet.
        var bits = SyncBitStream()
        /// Whether `bits` ends in a flag: every frame but the first.
        var endsInFlag = false
    }

    private var asyncCodec: AsyncCodec?
    private var syncCodec: SyncCodec?

    init(framing: Framing, accm: ACCM) {
        switch framing {
        case .async:
            asyncCodec = AsyncCodec(
                encoder: AsyncHDLCEncoder(sendACCM: accm.send), decoder: AsyncHDLCDecoder(receiveACCM: accm.receive))
        case .sync:
            syncCodec = SyncCodec()
        }
    }

    /// Sets the maps of an async framer; a sync framer has none (RFC 1662 §7.1).
    mutating func setACCM(_ accm: ACCM) {
        asyncCodec?.encoder.sendACCM = accm.send
        asyncCodec?.decoder.receiveACCM = accm.receive
    }

    /// Appends the line characters (async) or complete bit-stream octets (sync) of `frame`.
    mutating func encode(_ frame: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        if let asyncCodec {
            asyncCodec.encoder.encode(frame, into: &output)
            return
        }
        // The flag after the last frame opens this one (RFC 1662 §3.1): a flag less per frame on
        // the line, and for the far end's decoder to find.
        syncCodec!.encoder.encode(frame, into: &syncCodec!.bits, openingFlag: !syncCodec!.endsInFlag)
        // One more flag pushes the whole closing flag into complete octets, so the far end sees
        // the frame end now rather than when the next frame comes.
        syncCodec!.bits.appendFlags()
        syncCodec!.endsInFlag = true
        if output.isEmpty {
            // The stream's octets become the output, and the output's empty storage the
            // stream's: no copy of the frame's bits.
            swap(&output, &syncCodec!.bits.octets)
        } else {
            output.append(contentsOf: syncCodec!.bits.octets)
            syncCodec!.bits.octets.removeAll(keepingCapacity: true)
        }
    }

    mutating func decode(_ characters: UnsafeRawBufferPointer, onFrame: (UnsafeRawBufferPointer) -> Void) {
        if asyncCodec != nil {
            asyncCodec!.decoder.decode(characters, onFrame: onFrame)
        } else {
            syncCodec!.decoder.decode(characters, onFrame: onFrame)
        }
    }

    var counters: FramingErrorCounters {
        asyncCodec?.decoder.counters ?? syncCodec!.decoder.counters
    }
}
