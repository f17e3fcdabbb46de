#if canImport(Glibc)
import Glibc
#endif
import CXen

/// A range of another domain's memory mapped through privcmd; unmapped
/// when released.
public final class ForeignMapping: @unchecked Sendable {
    /// The first byte.
    public let base: UnsafeMutableRawPointer
    /// Pages mapped (4 KiB each; failed frames are holes that fault).
    public let pageCount: Int
    /// Per frame: 0, or the negative errno Xen answered for it
    /// (`privcmd_mmapbatch_v2.err`; e.g. -ENOENT paged out, -EINVAL bad frame).
    public let errors: [Int32]

    init(base: UnsafeMutableRawPointer, pageCount: Int, errors: [Int32]) {
        self.base = base
        self.pageCount = pageCount
        self.errors = errors
    }

    /// The mapped bytes.
    public var bytes: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base, count: pageCount * Privcmd.pageSize)
    }

    deinit { _ = system_munmap(base, pageCount * Privcmd.pageSize) }
}

extension Privcmd {
    /// Xen's page size on x86 and arm64 (`XC_PAGE_SIZE`).
    public static let pageSize = 4096

    /// How a mapping may be accessed.
    public struct Protection: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// `PROT_READ`
        public static let read = Protection(rawValue: PROT_READ)
        /// `PROT_WRITE`
        public static let write = Protection(rawValue: PROT_WRITE)
    }

    /// Maps `frames` of `domain` (GFNs) at a fresh address
    /// (`IOCTL_PRIVCMD_MMAPBATCH_V2`, as `xenforeignmemory_map`). Frames Xen
    /// refuses do not fail the whole call: `ForeignMapping.errors` says which.
    public func mapForeign(domain: UInt16, frames: [UInt64], protection: Protection = [.read, .write]) throws(PrivcmdError) -> ForeignMapping {
        guard !frames.isEmpty, frames.count <= Int(Int32.max) / Privcmd.pageSize else {
            throw .invalidRequest("mmapbatch needs 1... frames, got \(frames.count)")
        }
        let length = frames.count * Privcmd.pageSize
        guard let base = system_mmap(length, protection.rawValue, MAP_SHARED, fd, 0) else {
            throw .system(operation: "mmap privcmd", system_errno)
        }
        var errors = [Int32](repeating: 0, count: frames.count)
        let pfns = frames.map { xen_pfn_t($0) }
        // EINTR and EAGAIN as the ioctl's own answer come before any frame
        // is mapped (Linux 6.1 answers neither itself: its lock is not
        // interruptible and Xen's per-frame errors go to `err`), so the
        // whole batch is tried again. A paged-out frame is not that: it is
        // -ENOENT in `errors` (libxenforeignmemory's retry_paged re-maps
        // those frames alone; here the caller sees them).
        let rc: Int32
        do {
            rc = try system_retrying("ioctl PRIVCMD_MMAPBATCH_V2", on: [.interrupted, .resourceTemporarilyUnavailable]) {
                pfns.withUnsafeBufferPointer { arr in
                    errors.withUnsafeMutableBufferPointer { err in
                        var batch = privcmd_mmapbatch_v2_t(num: UInt32(frames.count), dom: domid_t(domain),
                                                           addr: UInt64(UInt(bitPattern: base)),
                                                           arr: arr.baseAddress, err: err.baseAddress)
                        return system_ioctl(fd, UInt(UInt32(bitPattern: PrivcmdIoctl.mmapBatchV2)), &batch)
                    }
                }
            }
        } catch {
            _ = system_munmap(base, length)
            throw error
        }
        // -ENOENT: some frames failed (paged out); `errors` tells which.
        if rc < 0 {
            let e = system_errno
            if e != .noSuchFileOrDirectory {
                _ = system_munmap(base, length)
                throw .system(operation: "ioctl PRIVCMD_MMAPBATCH_V2", e)
            }
        }
        return ForeignMapping(base: base, pageCount: frames.count, errors: errors)
    }

    /// The size in frames of resource `type`/`id` of `domain`
    /// (`IOCTL_PRIVCMD_MMAP_RESOURCE` with `addr` and `num` 0).
    public func resourceSize(domain: UInt16, type: UInt32, id: UInt32) throws(PrivcmdError) -> Int {
        var r = privcmd_mmap_resource_t(dom: domid_t(domain), type: type, id: id, idx: 0, num: 0, addr: 0)
        _ = try ioctl(PrivcmdIoctl.mmapResource, &r, "ioctl PRIVCMD_MMAP_RESOURCE (size)")
        return Int(r.num)
    }

    /// Maps `count` frames from `frame` of resource `type`/`id` of `domain`
    /// (`IOCTL_PRIVCMD_MMAP_RESOURCE`, `XENMEM_acquire_resource` inside):
    /// grant tables, ioreq server pages, vmtrace buffers.
    public func mapResource(domain: UInt16, type: UInt32, id: UInt32, frame: UInt32, count: Int,
                            protection: Protection = [.read, .write]) throws(PrivcmdError) -> ForeignMapping {
        guard count > 0, count <= Int(Int32.max) / Privcmd.pageSize else {
            throw .invalidRequest("resource mapping needs 1... frames, got \(count)")
        }
        let length = count * Privcmd.pageSize
        guard let base = system_mmap(length, protection.rawValue, MAP_SHARED, fd, 0) else {
            throw .system(operation: "mmap privcmd", system_errno)
        }
        var r = privcmd_mmap_resource_t(dom: domid_t(domain), type: type, id: id, idx: frame,
                                        num: UInt64(count), addr: UInt64(UInt(bitPattern: base)))
        if system_ioctl(fd, UInt(UInt32(bitPattern: PrivcmdIoctl.mmapResource)), &r) < 0 {
            let e = system_errno
            _ = system_munmap(base, length)
            throw .system(operation: "ioctl PRIVCMD_MMAP_RESOURCE", e)
        }
        return ForeignMapping(base: base, pageCount: count, errors: [Int32](repeating: 0, count: count))
    }
}
