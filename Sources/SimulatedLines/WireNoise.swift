/// Applies bit errors, error bursts and receiver overruns to characters as they leave the wire.
///
/// Each kind of event is drawn as a gap to the next one (geometric in bits or characters), so a
/// clean or slightly noisy line costs a comparison per chunk, not a random draw per bit.
struct WireNoise {
    private var random: SeededRandom
    private var bitErrorRate = 0.0
    private var burst: ErrorBurst?
    /// Per-bit probability that a burst starts: 1 / (mean interval in bits).
    private var burstStartProbability = 0.0
    private var overrunRate = 0.0

    private var bitsUntilError = UInt64.max
    private var bitsUntilBurst = UInt64.max
    /// Bits of the current burst still to garble, after the first.
    private var burstBitsLeft = 0
    private var charactersUntilOverrun = UInt64.max

    init(random: SeededRandom) {
        self.random = random
    }

    /// Takes new settings; gaps already drawn under the old settings are drawn again.
    mutating func configure(_ impairments: Impairments, bitsPerSecond: Int, appliesOverruns: Bool) {
        bitErrorRate = impairments.bitErrorRate
        bitsUntilError = random.trialsBeforeSuccess(probability: bitErrorRate)
        burst = impairments.errorBursts
        if let burst {
            let meanBits = Double(burst.meanInterval.nanoseconds) / 1e9 * Double(bitsPerSecond)
            burstStartProbability = meanBits > 1 ? 1 / meanBits : 1
        } else {
            burstStartProbability = 0
        }
        bitsUntilBurst = random.trialsBeforeSuccess(probability: burstStartProbability)
        overrunRate = appliesOverruns ? impairments.hardwareOverrunRate : 0
        charactersUntilOverrun = random.trialsBeforeSuccess(probability: overrunRate)
    }

    var isQuiet: Bool { bitErrorRate == 0 && burst == nil && overrunRate == 0 && burstBitsLeft == 0 }

    /// Garbles `characters` in place and removes the lost ones. On async lines a character is
    /// 10 bits on the wire: start bit, 8 data bits least significant first, stop bit; a hit on
    /// the start or stop bit loses the character (the UART sees a framing error). On sync lines
    /// every bit is data. Returns how many characters the receiver overran.
    mutating func apply(to characters: inout [UInt8], bitsPerCharacter: Int) -> Int {
        if isQuiet { return 0 }
        var lost: [Int] = []
        let totalBits = UInt64(characters.count * bitsPerCharacter)

        var position: UInt64 = 0
        while bitsUntilError < totalBits - position {
            position += bitsUntilError
            flip(bit: Int(position), in: &characters, bitsPerCharacter: bitsPerCharacter, lost: &lost)
            position += 1
            bitsUntilError = random.trialsBeforeSuccess(probability: bitErrorRate)
        }
        bitsUntilError -= totalBits - position

        position = 0
        while position < totalBits {
            if burstBitsLeft > 0 {
                // Inside a burst: the last bit is always wrong, the others half the time.
                if burstBitsLeft == 1 || random.next() & 1 == 1 {
                    flip(bit: Int(position), in: &characters, bitsPerCharacter: bitsPerCharacter, lost: &lost)
                }
                burstBitsLeft -= 1
                position += 1
                continue
            }
            guard bitsUntilBurst < totalBits - position, let burst else {
                bitsUntilBurst -= min(bitsUntilBurst, totalBits - position)
                break
            }
            position += bitsUntilBurst
            flip(bit: Int(position), in: &characters, bitsPerCharacter: bitsPerCharacter, lost: &lost)
            position += 1
            burstBitsLeft = burst.lengthInBits - 1
            bitsUntilBurst = random.trialsBeforeSuccess(probability: burstStartProbability)
        }

        var overruns = 0
        var index: UInt64 = 0
        let count = UInt64(characters.count)
        while charactersUntilOverrun < count - index {
            index += charactersUntilOverrun
            lost.append(Int(index))
            overruns += 1
            index += 1
            charactersUntilOverrun = random.trialsBeforeSuccess(probability: overrunRate)
        }
        charactersUntilOverrun -= count - index

        if !lost.isEmpty { remove(lost, from: &characters) }
        return overruns
    }

    private func flip(bit: Int, in characters: inout [UInt8], bitsPerCharacter: Int, lost: inout [Int]) {
        let character = bit / bitsPerCharacter
        let offset = bit % bitsPerCharacter
        if bitsPerCharacter == 8 {
            characters[character] ^= 1 << UInt8(offset)
        } else if (1...8).contains(offset) {
            characters[character] ^= 1 << UInt8(offset - 1)
        } else {
            lost.append(character)
        }
    }

    private func remove(_ lost: [Int], from characters: inout [UInt8]) {
        let doomed = Set(lost)
        var kept = 0
        for index in characters.indices where !doomed.contains(index) {
            characters[kept] = characters[index]
            kept += 1
        }
        characters.removeLast(characters.count - kept)
    }
}
