import XenABI
/// The tables a page walk reads, for a walker outside Swift: `xenabi
/// bench`'s C walk (Sources/CBenchPeers) runs over exactly the memory
/// `ModelDomain.walk` (Xen's `guest_walk_tables`) reads, so the two can be
/// compared as peers.
extension ModelDomain {
    /// Calls `body` with the frame table (the host address of each GFN's
    /// 4 KiB, null for a frame never written, which reads as zeros), the
    /// P2M type of each GFN as a byte (`P2MType.rawValue`: `p2m_ram_rw` 0,
    /// `p2m_ram_ro` 1, then the types a walk may not read) and the frame
    /// count. The pointers are valid only inside `body`, and no frame may
    /// be written or retyped meanwhile.
    @_spi(Bench)
    public func withPageWalkTables<R>(
        _ body: (UnsafePointer<UnsafeMutableRawPointer?>, UnsafePointer<UInt8>, UInt64) throws -> R
    ) rethrows -> R {
        // A no-payload enum is stored as its case index, which for P2MType
        // is its raw value (declared 0, 1, 2, 3 in order).
        precondition(MemoryLayout<P2MType>.stride == 1 && P2MType.allCases.enumerated().allSatisfy { $0.offset == Int($0.element.rawValue) })
        return try withExtendedLifetime(p2m.storage) { storage in
            try storage.types.withMemoryRebound(to: UInt8.self, capacity: Int(frameCount)) { bytes in
                try body(memory.frames.baseAddress!, bytes, frameCount)
            }
        }
    }
}
