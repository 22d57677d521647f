import Glibc

/// Linux capabilities are per thread: dropping one from the calling thread's effective set
/// makes that thread unprivileged for it while the rest of the (root) test process keeps it.
/// Glibc's Swift module does not declare capget/capset (libcap's header does), so the C
/// functions are looked up by name.
enum ThreadCapabilities {
    /// CAP_NET_RAW, needed for raw sockets (linux/capability.h).
    static let netRaw: UInt32 = 13

    struct Failure: Error, CustomStringConvertible {
        let call: String
        let errno: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(errno)))" }
    }

    private struct Header {
        var version: UInt32 = 0x2008_0522  // _LINUX_CAPABILITY_VERSION_3: two 32-bit words
        var pid: Int32 = 0  // the calling thread
    }

    private struct Data {
        var effective: UInt32 = 0
        var permitted: UInt32 = 0
        var inheritable: UInt32 = 0
    }

    private typealias Call = @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int32

    /// Removes `capability` (below 32) from the calling thread's effective set.
    static func dropEffective(_ capability: UInt32) throws {
        guard let capget = dlsym(nil, "capget"), let capset = dlsym(nil, "capset") else {
            throw Failure(call: "dlsym(capget/capset)", errno: ENOSYS)
        }
        var header = Header()
        var data = (Data(), Data())
        try withUnsafeMutableBytes(of: &header) { header in
            try withUnsafeMutableBytes(of: &data) { data in
                guard unsafeBitCast(capget, to: Call.self)(header.baseAddress!, data.baseAddress!) == 0 else {
                    throw Failure(call: "capget", errno: errno)
                }
            }
        }
        data.0.effective &= ~(1 << capability)
        try withUnsafeMutableBytes(of: &header) { header in
            try withUnsafeMutableBytes(of: &data) { data in
                guard unsafeBitCast(capset, to: Call.self)(header.baseAddress!, data.baseAddress!) == 0 else {
                    throw Failure(call: "capset", errno: errno)
                }
            }
        }
    }
}
