import DequeModule

/// A `Deque` that also keeps its count in the value itself.
///
/// A tunnel window asks its queues whether they are empty on every packet and every wake-up,
/// and a `Deque` keeps its count in its heap buffer: with thousands of calls that is a cache
/// miss per queue per question, most often for a queue that is empty (docs/performance.md).
/// Here the answer costs nothing, and the buffer is touched only when there is something in it.
struct CountedDeque<Element> {
    private var storage: Deque<Element> = []
    private(set) var count = 0

    var first: Element? { count == 0 ? nil : storage.first }

    mutating func reserveCapacity(_ capacity: Int) {
        storage.reserveCapacity(capacity)
    }

    mutating func append(_ element: Element) {
        storage.append(element)
        count += 1
    }

    mutating func insert(_ element: Element, at index: Int) {
        storage.insert(element, at: index)
        count += 1
    }

    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        count -= 1
        return storage.removeFirst()
    }

    mutating func removeAll(keepingCapacity: Bool) {
        guard count > 0 else { return }
        storage.removeAll(keepingCapacity: keepingCapacity)
        count = 0
    }

    func contains(where predicate: (Element) -> Bool) -> Bool {
        count > 0 && storage.contains(where: predicate)
    }

    func firstIndex(where predicate: (Element) -> Bool) -> Int? {
        count == 0 ? nil : storage.firstIndex(where: predicate)
    }

    /// The smallest of `value` over the elements; nil when empty.
    func minimum<Value: Comparable>(of value: (Element) -> Value) -> Value? {
        count == 0 ? nil : storage.lazy.map(value).min()
    }
}

extension CountedDeque: Sendable where Element: Sendable {}
