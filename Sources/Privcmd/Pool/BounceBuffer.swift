import XenABI

/// A caller's memory copied into hypercall-safe pages for one call, the
/// libxc bounce-buffer model (`xc_hypercall_bounce_pre`/`_post`): inputs
/// are copied in before the call, outputs copied back after it.
public struct BounceBuffer: @unchecked Sendable {
    /// The hypercall-safe copy; its address is what the handle carries.
    public let buffer: HypercallBuffer
    /// The caller's memory.
    public let user: UnsafeMutableRawBufferPointer
    /// Which way the bytes travel.
    public let direction: BufferDirection
}

extension HypercallBufferPool {
    /// Bounces `user` into pool pages: copies it in when the hypervisor reads
    /// it, zero-fills the copy otherwise (no stale bytes leak to Xen).
    public func bounce(_ user: UnsafeMutableRawBufferPointer, direction: BufferDirection) throws(PrivcmdError) -> BounceBuffer {
        let b = try allocate(bytes: user.count)
        if direction.reads, user.count > 0 {
            b.address.copyMemory(from: user.baseAddress!, byteCount: user.count)
        } else if user.count > 0 {
            b.address.initializeMemory(as: UInt8.self, repeating: 0, count: user.count)
        }
        return BounceBuffer(buffer: b, user: user, direction: direction)
    }

    /// Ends a bounce: copies the result back when the hypervisor wrote it, frees the pages.
    public func unbounce(_ b: BounceBuffer) {
        if b.direction.writes, b.user.count > 0 {
            b.user.baseAddress!.copyMemory(from: b.buffer.address, byteCount: b.user.count)
        }
        free(b.buffer)
    }

    /// Runs `body` with `user` bounced; the copy-back happens even when `body` throws.
    public func withBounce<R, E: Error>(_ user: UnsafeMutableRawBufferPointer, direction: BufferDirection,
                                        _ body: (BounceBuffer) throws(E) -> R) throws(PrivcmdError) -> Result<R, E> {
        let b = try bounce(user, direction: direction)
        defer { unbounce(b) }
        do { return .success(try body(b)) } catch { return .failure(error) }
    }
}
