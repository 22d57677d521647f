import Foundation

/// What the load drivers (`pac pns load`, `churn`, `hold`) share to report their figures as
/// scripts/bench reads them: one JSON object on a line, percentiles, their own CPU time.
enum BenchFigures {
    /// Prints `report` as one line of JSON with sorted keys.
    static func printJSON(_ report: some Encodable) throws {
        print(try json(report))
    }

    /// `report` as one line of JSON with sorted keys.
    static func json(_ report: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// The `percent`th percentile of `nanoseconds`, in microseconds; 0 when there are none.
    static func percentile(_ percent: Int, ofSorted nanoseconds: [Int64]) -> Double {
        nanoseconds.isEmpty ? 0 : Double(nanoseconds[min(nanoseconds.count - 1, nanoseconds.count * percent / 100)]) / 1000
    }

    /// User + system CPU seconds this process has used so far.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// The driver's share of one core over a measured interval: it must stay well below 100 %
/// for the figure to be the peer's, not the driver's (issue 8).
struct CPUShare {
    private let cpu = BenchFigures.processCPUSeconds()
    private let wall = Date()

    /// Percent of one core used since this value was made.
    var percentOfOneCore: Double {
        let elapsed = Date().timeIntervalSince(wall)
        return elapsed > 0 ? ((BenchFigures.processCPUSeconds() - cpu) / elapsed * 1000).rounded() / 10 : 0
    }
}
