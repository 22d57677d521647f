import NIOCore

/// A token bucket in injected time: `capacity` tokens at most, `refillAmount` added every
/// `refillEvery` (in proportion, to the nanosecond). Each event takes one token; an event that
/// finds the bucket empty is over the rate.
struct TokenBucket: Sendable {
    struct Rate: Sendable, Equatable {
        var capacity: Int
        var refillEvery: TimeAmount
        var refillAmount: Int

        init(capacity: Int, refillEvery: TimeAmount, refillAmount: Int? = nil) {
            self.capacity = capacity
            self.refillEvery = refillEvery
            self.refillAmount = refillAmount ?? capacity
        }
    }

    let rate: Rate
    private var tokens: Double
    private var updated: NIODeadline

    init(_ rate: Rate, now: NIODeadline) {
        self.rate = rate
        self.tokens = Double(rate.capacity)
        self.updated = now
    }

    /// Takes a token; false when none is left.
    mutating func take(now: NIODeadline) -> Bool {
        refill(now: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Whether the bucket is full at `now`: its owner has been quiet long enough to forget.
    mutating func isFull(now: NIODeadline) -> Bool {
        refill(now: now)
        return tokens >= Double(rate.capacity)
    }

    private mutating func refill(now: NIODeadline) {
        guard now > updated else { return }
        let elapsed = Double((now - updated).nanoseconds) / Double(rate.refillEvery.nanoseconds)
        tokens = min(Double(rate.capacity), tokens + elapsed * Double(rate.refillAmount))
        updated = now
    }
}
