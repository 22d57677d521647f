extension GREDemultiplexer {
    /// The open calls of one GRE socket by Call ID (RFC 2637 §4.1: the receiver's own ID, which
    /// every packet carries): 65,536 slots, each a chain of the calls with that ID, one per
    /// peer (so almost always one). A packet finds its call by indexing, not hashing: with
    /// 10,000 calls a dictionary's hash and probe were a measurable share of each packet
    /// (docs/performance.md). The slots take 512 KiB per socket.
    struct CallTable {
        private var slots = ContiguousArray<Call?>(repeating: nil, count: Int(UInt16.max) + 1)

        subscript(key: GRECallKey) -> Call? {
            var call = slots[Int(key.callID)]
            while let candidate = call, candidate.key != key { call = candidate.nextWithSameID }
            return call
        }

        /// Whether any peer's call has this ID: a packet for it from another address comes
        /// from the wrong peer rather than for an unknown call.
        func contains(callID: UInt16) -> Bool { slots[Int(callID)] != nil }

        /// Adds `call`, whose key must not be in the table.
        mutating func insert(_ call: Call) {
            call.nextWithSameID = slots[Int(call.key.callID)]
            slots[Int(call.key.callID)] = call
        }

        /// Takes out the call with `key`, if any.
        mutating func remove(_ key: GRECallKey) -> Call? {
            let slot = Int(key.callID)
            guard let first = slots[slot] else { return nil }
            if first.key == key {
                slots[slot] = first.nextWithSameID
                first.nextWithSameID = nil
                return first
            }
            var previous = first
            while let call = previous.nextWithSameID {
                if call.key == key {
                    previous.nextWithSameID = call.nextWithSameID
                    call.nextWithSameID = nil
                    return call
                }
                previous = call
            }
            return nil
        }

        mutating func removeAll() {
            for slot in slots.indices { slots[slot] = nil }
        }
    }
}
