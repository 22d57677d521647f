import Foundation

/// xoshiro256** seeded through splitmix64: small, fast and the same on every platform, so a
/// simulation run is reproduced exactly from its seed (SystemRandomNumberGenerator is not
/// seedable, and Swift's hashing is randomised per process).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// A generator for one part of the simulation (one line's call, one direction), derived
    /// from the run's seed, so that part's randomness does not depend on the traffic of others.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    /// A uniform double in (0, 1]: never 0, so its logarithm is finite.
    mutating func nextUnitInterval() -> Double {
        Double((next() >> 11) + 1) / Double(1 << 53)
    }

    /// How many independent trials, each succeeding with `probability`, fail before the next
    /// success: lets a bit error rate be applied by skipping, not by a draw per bit.
    mutating func trialsBeforeSuccess(probability: Double) -> UInt64 {
        guard probability > 0 else { return .max }
        guard probability < 1 else { return 0 }
        let gap = (log(nextUnitInterval()) / log1p(-probability)).rounded(.down)
        return gap >= 1.8e19 ? .max : UInt64(gap)
    }
}
