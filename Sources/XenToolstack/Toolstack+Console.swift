import CXen
import Privcmd
import XenABI

extension Toolstack {
    /// One read of the console ring (`XEN_SYSCTL_readconsole`).
    public struct ConsoleChunk: Hashable, Sendable {
        /// The bytes read.
        public var bytes: [UInt8]
        /// Where the next incremental read starts (`index` out).
        public var nextIndex: UInt32
    }

    /// Reads up to `size` bytes of Xen's console ring. `incremental`: from
    /// `index` (or the oldest byte still held, if later); else from the
    /// oldest. `clear` empties the ring after the read (`xl dmesg -c`).
    public func readConsole(clear: Bool = false, incremental: Bool, index: UInt32 = 0, size: Int = 16384) throws(PrivcmdError) -> ConsoleChunk {
        guard size > 0, size <= 1 << 24 else { throw .invalidRequest("console read size \(size)") }
        // A count past the buffer is `.outputs(.outOfBounds)`.
        let read = try xen.send(Sysctl.ReadConsoleQuery(clear: clear, incremental: incremental, index: index, count: UInt32(size)))
        return ConsoleChunk(bytes: read.bytes, nextIndex: read.nextIndex)
    }

    /// The whole ring, read incrementally as `xl dmesg` does (clearing it when `clear`).
    public func consoleRing(clear: Bool = false) throws(PrivcmdError) -> String {
        var bytes: [UInt8] = []
        var index: UInt32 = 0
        for _ in 0 ..< 4096 {  // a bound: the ring is finite, a hostile index must not loop forever
            let chunk = try readConsole(clear: clear, incremental: true, index: index)
            if chunk.bytes.isEmpty { break }
            bytes += chunk.bytes
            index = chunk.nextIndex
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
