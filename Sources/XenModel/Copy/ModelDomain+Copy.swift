import XenABI
import CXen
import SoftTLB
import ScatterGather

/// The hypervisor side's guest copies over a handle of any flavour:
/// Xen's `copy_from_guest`, `copy_to_guest` and their `_offset` forms (the
/// offsets here are in bytes, not elements).
///
/// - `linear`: chunk by chunk, never crossing a page, as `__hvm_copy` in
///   xen/arch/x86/hvm/hvm.c: each chunk is first looked up in the vCPU's
///   software TLB; on a miss the page tables are walked (an encrypted guest
///   cannot be walked: -EFAULT).
/// - `flat`, `gfnList`, `tagged`: through `SGWalker`.
///
/// Every chunk's frame is checked against the P2M (RAM; shared for an
/// encrypted guest). A copy to the guest writes as the patched Xen does
/// (Specs/abi.md section 6, "What a failed copy wrote"): in `linear` and
/// `flat` each chunk is checked just before it is written (`__hvm_copy`);
/// in the list kinds the frames of each batch of `XENABI_PHYS_COPY_BATCH`
/// pages are checked before the batch's first byte (`copy_list`). So a
/// failed copy may have written the chunks (or batches) before the failing
/// one, never a byte of it or after it. A chunk in read-only RAM is skipped
/// and the copy goes on (`p2m_is_discard_write`). No allocation per chunk.
extension ModelDomain {
    /// Pages of a list-kind copy resolved and checked before any of them is
    /// written: `XENABI_PHYS_COPY_BATCH` (`CHUNK_BATCH` in hcall_phys.c).
    public static let copyBatch = Int(XENABI_PHYS_COPY_BATCH)

    /// `copy_from_guest`: fills `into` from the start of the buffer `handle` names.
    @inlinable
    public func copyFromGuest(_ handle: UInt64, flavour: Flavour, into: UnsafeMutableRawBufferPointer, vcpu: Int = 0) throws(XenErrno) {
        try copyFromGuestOffset(handle, flavour: flavour, offset: 0, into: into, vcpu: vcpu)
    }

    /// `copy_to_guest`: writes `from` at the start of the buffer `handle` names.
    @inlinable
    public func copyToGuest(_ handle: UInt64, flavour: Flavour, from: UnsafeRawBufferPointer, vcpu: Int = 0) throws(XenErrno) {
        try copyToGuestOffset(handle, flavour: flavour, offset: 0, from: from, vcpu: vcpu)
    }

    /// `copy_from_guest_offset`: fills `into` from byte `offset` of the buffer.
    @inlinable
    public func copyFromGuestOffset(_ handle: UInt64, flavour: Flavour, offset: Int, into: UnsafeMutableRawBufferPointer, vcpu: Int = 0) throws(XenErrno) {
        guard into.count > 0 else { return try checkForm(handle, flavour: flavour, offset: offset) }
        // Frames, P2M and encrypted bit through raw pointers read once (see
        // `CopyView`): a read allocates no frame and changes no type.
        let view = CopyView(self)
        var done = 0
        let dst = into.baseAddress!
        try forEachChunk(handle, flavour: flavour, offset: offset, count: into.count, write: false, vcpu: vcpu, counting: true,
                         view: view) { gpa, n in
#if XENABI_INTERNAL_CHECKS
            dataReadObserver?(gpa, n)
#endif
            if let f = view.frames[Int(gpa >> 12)] {
                (dst + done).copyMemory(from: f + Int(gpa & 4095), byteCount: n)
            } else {
                (dst + done).initializeMemory(as: UInt8.self, repeating: 0, count: n)
            }
            done += n
        }
    }

    /// `copy_to_guest_offset`: writes `from` at byte `offset` of the buffer.
    /// On failure the chunks before the failing one (`linear`, `flat`) or
    /// the whole batches before the failing batch (list kinds) are written.
    @inlinable
    public func copyToGuestOffset(_ handle: UInt64, flavour: Flavour, offset: Int, from: UnsafeRawBufferPointer, vcpu: Int = 0) throws(XenErrno) {
        guard from.count > 0 else { return try checkForm(handle, flavour: flavour, offset: offset) }
        // The P2M cannot change during a copy: read it once (`CopyView`).
        let view = CopyView(self)
        let src = from.baseAddress!
        // A `tagged` handle of kind flat is served by `copy_flat`.
        let batched = flavour == .gfnList || (flavour == .tagged && handle & SGKind.tagMask != 0)
        var failure: XenErrno?
        // The bytes written so far and the batch's pending chunks live on
        // the stack behind pointers (the copy allocates nothing): as `var`s
        // captured by the chunk closures, each access cost a dynamic
        // exclusivity check, several per chunk.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2) { counters in
            let done = counters.baseAddress!, pending = done + 1
            done.initialize(to: 0)
            pending.initialize(to: 0)
            @inline(__always)
            func put(_ gpa: UInt64, _ n: Int) {
                if !view.discardsWrites(gpa >> 12) {
                    (GuestMemory.frame(view.frames, gpa >> 12) + Int(gpa & 4095)).copyMemory(from: src + done.pointee, byteCount: n)
                }
                done.pointee += n
            }
            guard batched else {
                do throws(XenErrno) {
                    try forEachChunk(handle, flavour: flavour, offset: offset, count: from.count, write: true, vcpu: vcpu, counting: true,
                                     view: view, put)
                } catch {
                    failure = error
                }
                return
            }
            // The batch (16 pairs): written only once every frame of it was
            // checked; the walker reads the next batch's slots after this
            // batch is written.
            withUnsafeTemporaryAllocation(of: (gpa: UInt64, count: Int).self, capacity: ModelDomain.copyBatch) { batch in
                let batch = batch.baseAddress!
                @inline(__always)
                func flush() {
                    for k in 0 ..< pending.pointee { put(batch[k].gpa, batch[k].count) }
                    pending.pointee = 0
                }
                do throws(XenErrno) {
                    try forEachChunk(handle, flavour: flavour, offset: offset, count: from.count, write: true, vcpu: vcpu, counting: true,
                                     view: view) { gpa, n in
                        batch[pending.pointee] = (gpa, n)
                        pending.pointee += 1
                        if pending.pointee == ModelDomain.copyBatch { flush() }
                    }
                    flush()
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
    }

    /// A 0-length access reads nothing, but a list flavour's handle form is
    /// still checked (abi.md section 6, `copy_list`): null (0 or ~0), a
    /// `tagged` handle's reserved tag `11`, a list's 8-byte alignment; and
    /// a negative offset. A `linear` or `flat` handle has no form to check
    /// (Xen copies nothing).
    @inlinable
    public func checkForm(_ handle: UInt64, flavour: Flavour, offset: Int) throws(XenErrno) {
        guard flavour.isPhysical else { return }
        try forEachChunk(handle, flavour: flavour, offset: offset, count: 0, write: false, vcpu: 0, counting: false) { _, _ in }
    }

    /// Resolves [offset, offset + count) of the buffer into page chunks and
    /// checks each against the P2M before handing it to `body`. `write`
    /// says the access is a copy to the guest: a `linear` walk then needs
    /// write rights (`PFEC_write_access`).
    @inlinable
    public func forEachChunk(_ handle: UInt64, flavour: Flavour, offset: Int, count: Int, write: Bool, vcpu: Int,
                             counting: Bool, _ body: (UInt64, Int) -> Void) throws(XenErrno) {
        try forEachChunk(handle, flavour: flavour, offset: offset, count: count, write: write, vcpu: vcpu, counting: counting,
                         view: CopyView(self), body)
    }

    /// `forEachChunk` with the copy's `CopyView` read already.
    @inlinable
    func forEachChunk(_ handle: UInt64, flavour: Flavour, offset: Int, count: Int, write: Bool, vcpu: Int,
                      counting: Bool, view: CopyView, _ body: (UInt64, Int) -> Void) throws(XenErrno) {
        guard offset >= 0, count >= 0 else { throw .EINVAL }
        guard let sg = flavour.sgFlavour else {
            try linearChunks(handle, offset: UInt64(offset), count: UInt64(count), write: write, vcpu: vcpus[vcpu], counting: counting,
                             view: view, body)
            return
        }
        if sg == .flat, let start = view.flatOneFrame(handle, offset: offset, count: count) {
            if let e = view.check(start >> 12) { throw e }
            body(start, count)
            return
        }
        var failure: XenErrno?
        do {
            try SGWalker.walk(handle: handle, flavour: sg, offset: UInt64(offset), length: UInt64(count), memory: view) { gpa, n in
                if let e = view.check(gpa >> 12) {
                    failure = e
                    return false
                }
                body(gpa, n)
                return true
            }
        } catch {
            throw XenErrno(error)
        }
        if let failure { throw failure }
    }

    @inlinable
    func linearChunks(_ handle: UInt64, offset: UInt64, count: UInt64, write: Bool, vcpu v: ModelVCPU, counting: Bool,
                      view: CopyView, _ body: (UInt64, Int) -> Void) throws(XenErrno) {
        if handle == Flavour.linear.nullHandle { throw .EFAULT }
        let (start, o1) = handle.addingReportingOverflow(offset)
        let (stop, o2) = start.addingReportingOverflow(count)
        if o1 || o2 { throw .EFAULT }
        var access: PageAccess = write ? .write : []
        if v.userMode { access.insert(.user) }
        // Nothing below changes the vCPU's hook, CR3, the P2M or the
        // encrypted bit: read them once. Counters are added up locally and
        // stored on every exit (a throw included), as if counted per chunk.
        // A VCPUOP_register/share_hcall_buffers issued by another vCPU made
        // this one a binding: its own thread installs the cursor, here.
        if v.tlb == nil && v.hasHcallBufferBinding { v.adoptHcallBuffers() }
        let hook = v.tlb, cr3 = v.cr3, enc = view.encrypted
        let root = TLBEntry.root(cr3: cr3)
        var hits = 0, misses = 0, walks = 0
        defer {
            if counting { v.count(hits: hits, misses: misses, walks: walks) }
        }
        // One loop per hook state, the hook unwrapped outside it: binding
        // the optional existential per chunk costs a retain/release pair,
        // several times a TLB hit.
        @inline(__always)
        func chunks(_ translate: (UInt64, Int) -> UInt64?, hooked: Bool) throws(XenErrno) {
            var va = start
            while va < stop {
                let n = min(4096 - (va & 4095), stop - va)
                let gpa: UInt64
                if let t = translate(va, Int(n)) {
                    hits &+= 1
                    gpa = t
                } else {
                    if hooked { misses &+= 1 }
                    if enc { throw .EFAULT }
                    walks &+= 1
                    do { gpa = try walk(cr3: cr3, va: va, access: access) } catch { throw .EFAULT }
                }
                if let e = view.check(gpa >> 12) { throw e }
                body(gpa, Int(n))
                va += n
            }
        }
        if let cursor = hook as? SoftTLBCursor {
            // The concrete cursor (what VCPUOP 16-18 install): a direct,
            // inlinable call; through the existential, the indirect call
            // per chunk costs about as much as the hit itself.
            try chunks({ cursor.translate($0, length: UInt64(truncatingIfNeeded: $1), root: root) }, hooked: true)
        } else if let hook {
            try chunks({ hook.translate(va: $0, length: $1, root: root) }, hooked: true)
        } else {
            try chunks({ _, _ in nil }, hooked: false)
        }
    }
}

/// What one copy reads of the domain, read once at its start: the frame
/// table, the P2M's types and shared bits (as the raw buffers behind
/// `GuestMemory.frames` and `P2M`) and the encrypted bit; also the
/// walker's view of list pages (`P2MListView` without the class reads).
///
/// Reading these through the domain per chunk cost a retain and release
/// of each array and of the memory object, and an exclusivity check of
/// each class property: more than a 4 KiB chunk's translation, a quarter
/// of a 4 KiB `memcpy`. No P2M change nor frame table change can happen
/// during a copy (the model's copies run on the vCPU's thread; the P2M's
/// buffers are replaced only by a change, copy on write), so the pointers
/// stay valid for the copy; a frame allocated by a write is stored into
/// the table itself (`GuestMemory.frame(_:_:)`).
@usableFromInline
struct CopyView: SGMemory {
    @usableFromInline let frames: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    @usableFromInline let types: UnsafeMutablePointer<P2MType>
    @usableFromInline let shared: UnsafeMutablePointer<Bool>
    @usableFromInline let frameCount: UInt64
    @usableFromInline let encrypted: Bool

    @inlinable init(_ domain: ModelDomain) {
        frames = domain.memory.frames.baseAddress!
        let storage = domain.p2m.storage
        types = storage.types
        shared = storage.shared
        frameCount = domain.p2m.frameCount
        encrypted = domain.encrypted
    }

    @inlinable var frameLimit: UInt64 { frameCount }

    /// Where a `flat` access of `count` (> 0) bytes at byte `offset` (>= 0)
    /// starts, when it lies inside one frame of the map: what
    /// `SGWalker.walkFlat` does for it, without the walker and its
    /// closure, which cost more than such a copy. Nil: the walker's case
    /// (several frames, a wrap, a frame outside the map).
    @inlinable func flatOneFrame(_ handle: UInt64, offset: Int, count: Int) -> UInt64? {
        guard count > 0 else { return nil }
        let (start, overflow) = handle.addingReportingOverflow(UInt64(offset))
        guard !overflow && UInt64(count) <= 4096 - (start & 4095) && start >> 12 < frameCount else { return nil }
        return start
    }

    /// `P2M.check` for this copy.
    @inlinable func check(_ gfn: UInt64) -> XenErrno? {
        P2M.check(gfn, frameCount: frameCount, types: types, shared: shared, encrypted: encrypted)
    }

    /// `P2M.discardsWrites` for this copy.
    @inlinable func discardsWrites(_ gfn: UInt64) -> Bool { gfn < frameCount && types[Int(gfn)] == .ramRO }

    @inlinable
    func listWord(at gpa: UInt64) -> UInt64? {
        guard check(gpa >> 12) == nil else { return nil }
        guard let f = frames[Int(gpa >> 12)] else { return 0 }
        return UInt64(littleEndian: f.load(fromByteOffset: Int(gpa & 4095), as: UInt64.self))
    }
}

/// Array conveniences (allocate; for tests and tools, not hot paths).
extension ModelDomain {
    /// `copy_from_guest_offset` into a new array.
    public func copyFromGuest(_ handle: UInt64, flavour: Flavour, offset: Int = 0, count: Int, vcpu: Int = 0) throws(XenErrno) -> [UInt8] {
        try ModelResolver(self, vcpu: vcpu).bytes(handle: handle, flavour: flavour, offset: offset, count: count)
    }

    /// `copy_to_guest_offset` from an array (a failed copy may have written
    /// the chunks before the failing one, as `copyToGuestOffset`).
    public func copyToGuest(_ handle: UInt64, flavour: Flavour, offset: Int = 0, bytes: [UInt8], vcpu: Int = 0) throws(XenErrno) {
        var failure: XenErrno?
        bytes.withUnsafeBytes { b in
            do throws(XenErrno) { try copyToGuestOffset(handle, flavour: flavour, offset: offset, from: b, vcpu: vcpu) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
