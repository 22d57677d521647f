/// Characters waiting for the line rate: appended in bulk, taken from the front in chunks.
/// An array and a read index, so both ends copy with memcpy; the array is compacted only
/// when the consumed front outgrows what is left.
struct ByteFIFO {
    private var storage: [UInt8] = []
    private var head = 0

    var count: Int { storage.count - head }
    var isEmpty: Bool { head == storage.count }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        storage.append(contentsOf: bytes)
    }

    /// Moves the first `count` bytes to the end of `output`.
    mutating func moveFront(_ count: Int, to output: inout [UInt8]) {
        precondition(count <= self.count, "taking \(count) bytes from a FIFO of \(self.count)")
        output.append(contentsOf: storage[head..<(head + count)])
        head += count
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4096, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }

    mutating func removeAll() {
        storage = []
        head = 0
    }
}
