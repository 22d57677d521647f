import ArgumentParser
import Logging
import NIOCore
import PAC
import SimulatedLines

/// `pac serve`'s options for call detail records and packet capture (docs/records.md).
struct RecordsOptions: ParsableArguments {
    @Option(help: "File of call detail records, one JSON line per call [\(CallDetailRecordFile.defaultPath)]; 'off' writes none.")
    var callRecords: String?
    @Option(help: "Capture the control and GRE traffic of chosen calls to this pcap file (every call unless filtered).")
    var capture: String?
    @Option(help: "Capture only calls of PNS peers in this address or prefix.") var capturePeer: String?
    @Option(help: "Capture only calls on this line.") var captureLine: Int?
    @Option(help: "Capture only calls whose dialed or calling number starts with this.") var captureNumber: String?

    func apply(to records: inout RecordsConfiguration) throws {
        if let callRecords { records.callRecordsFile = callRecords == "off" ? nil : callRecords }
        if let capture { records.captureFile = capture }
        if let capturePeer {
            guard let network = IPv4Network(capturePeer) else {
                throw ValidationError("--capture-peer \(capturePeer): not an IPv4 address or prefix (e.g. 198.18.0.0/15)")
            }
            records.captureFilter.peer = network
        }
        if let captureLine { records.captureFilter.line = captureLine }
        if let captureNumber { records.captureFilter.number = captureNumber }
    }
}

/// The record file and the capture of a running daemon, attached to its engine.
struct Recording {
    let records: CallDetailRecordFile?
    let capture: CallCapture?

    /// Opens what the configuration asks for and hands it to the engine, before the control
    /// server accepts its first connection.
    static func start(
        _ configuration: RecordsConfiguration, engine: NIOLoopBound<(PACEngine, SimulatedWorld)>, logger: Logger
    ) async throws -> Recording {
        let records = configuration.callRecordsFile.map { CallDetailRecordFile(path: $0, logger: logger) }
        var capture: CallCapture?
        if let path = configuration.captureFile {
            do {
                capture = try CallCapture(path: path, filter: configuration.captureFilter, logger: logger)
            } catch {
                throw ValidationError("cannot create the capture file \(path): \(error)")
            }
        }
        try await engine.eventLoop.submit { [capture] in
            engine.value.0.callEnded = records.map { file in { file.append($0) } }
            engine.value.0.capture = capture
        }.get()
        if let records { logger.info("call detail records go to \(records.path)") }
        if let capture { logger.info("capturing to \(capture.path)") }
        return Recording(records: records, capture: capture)
    }

    /// After the engine's shutdown: every released call's record and every captured packet
    /// reach the disk.
    func finish(on eventLoop: any EventLoop) async {
        try? await eventLoop.submit {}.get()  // releases the last connections' closes queued
        await records?.close()
        await capture?.close()
    }
}
