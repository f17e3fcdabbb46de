import CXen
import GuestPlacement
import ScatterGather
import XenABI

extension XenCall {
    /// Sends `call` with every owner (the call and each multicall entry) in
    /// the policy's flavour; outputs land in `call`'s bytes. Returns the
    /// hypercall's result (>= 0); a negative one is thrown as the call's own
    /// answer. Only two failures switch to `linear` (from then on) and
    /// re-send: frame numbers unreadable (nothing was sent), and, under
    /// `.assumeSupported`, a -ENOSYS that the clean probe
    /// (`hypervisorLacksABI`) confirms. Where the probe of `.automatic`
    /// found the feature, nothing is re-sent.
    @discardableResult
    public func send(_ call: inout EncodedCall) throws(PrivcmdError) -> Int64 {
        let f = try currentFlavour()
        // The hot case: a linear call without buffers or entries goes
        // straight to the ioctl (no array walk, no retain).
        if f == .linear && call.buffers.isEmpty {
            if call.op.flavour != .linear { call.setFlavour(.linear, ofOwner: 0) }
            return try privcmd.hypercall(call.op.rawValue, call.raw.args)
        }
        for owner in 0 ..< call.ownerCount where call.flavour(ofOwner: owner) != f {
            call.setFlavour(f, ofOwner: owner)
        }
        if f == .linear { return try issue(&call) }
        do {
            return try issue(&call)
        } catch {
            let reason: FlavourFallback.Reason
            switch error {
            case .frameNumbersUnavailable(let why):
                reason = .frameNumbersUnavailable(why)  // placement failed: the ioctl never ran
            case .hypercall(let e) where e == .ENOSYS:
                guard hypervisorLacksABI(f) else { throw error }
                reason = .hypervisorENOSYS(call.op)  // Xen rejected the op word: the call did not run
            default:
                throw error
            }
            recordFallback(FlavourFallback(flavour: f, reason: reason))
            for owner in 0 ..< call.ownerCount { call.setFlavour(.linear, ofOwner: owner) }
            return try issue(&call)
        }
    }

    /// Encodes `typed` and sends it; returns the result and the call with its outputs.
    public func send(_ typed: some HypercallEncodable) throws(PrivcmdError) -> (result: Int64, call: EncodedCall) {
        var c = typed.encoded
        let r = try send(&c)
        return (r, c)
    }

    /// Whether a -ENOSYS to an op word in `flavour` means the hypervisor
    /// lacks this ABI. Only under `.assumeSupported`: where `.automatic`
    /// found `XENFEAT_hcall_phys_buffers`, a -ENOSYS is the call's own.
    /// Decided once by a clean probe that takes no buffer, so nothing but
    /// the op word can be wrong with it: `xen_version(XENVER_version)` in
    /// `flavour` (op word 17 | flavour << 12, arguments 0). Xen without the
    /// ABI answers any flavoured op word -ENOSYS before reading anything
    /// (Linux 6.1's privcmd passes it through: measured, 0x1011 gets -38
    /// from Xen 4.17); with the ABI, it answers its version. An
    /// inconclusive answer (another errno) leaves the call's error standing.
    func hypervisorLacksABI(_ flavour: Flavour) -> Bool {
        guard case .assumeSupported = policy else { return false }
        switch abiProbe.load(ordering: .acquiring) {
        case 1: return true
        case 2: return false
        default: break
        }
        let r = privcmd.hypercallResult(OpWord(.xen_version, flavour: flavour).rawValue, HypercallArgs([UInt64(XENVER_version)]))
        if r == XenErrno.ENOSYS.returnValue {
            abiProbe.store(1, ordering: .releasing)
            return true
        }
        if r >= 0 { abiProbe.store(2, ordering: .releasing) }
        return false
    }

    /// Issues `call` as it stands (each owner's flavour unchanged): stages its
    /// buffers in pool memory, writes the handles, runs the ioctl, copies
    /// every written buffer back. No allocation on the linear path beyond a
    /// recycled pool page.
    public func issue(_ call: inout EncodedCall) throws(PrivcmdError) -> Int64 {
        var physical = false
        var anyBuffer = false
        for b in call.buffers {
            if !b.isNull { anyBuffer = true }
            if call.flavour(ofOwner: b.owner).isPhysical { physical = true }
        }
        if !anyBuffer {
            call.setNullHandles()
            return try privcmd.hypercall(call.op.rawValue, call.raw.args)
        }
        if physical {
            // Every owner's flavour settles before the layout is sized: one
            // beyond its flavour's reach goes linear (the transform's policy).
            do { _ = try FlavourTransform.settleFlavours(&call, offset: { _ in 0 }, fallback: .allow) } catch {
                throw .placement(error)
            }
        }
        let bufs = call.buffers
        let layout = StagingLayout(call, physical: physical)
        let region: HypercallBuffer, mapped: HypercallBuffer, frames: [UInt64]
        if physical {
            if let r = try placementRefusal() { throw .physicalPlacementRefused(r) }
            let staging = try physicalStaging(call, layout: layout)
            (region, mapped, frames) = (staging.region, staging.mapped, staging.frames)
            if let zero = frames.firstIndex(of: 0) {
                pool.free(mapped)
                throw .physicalPlacementRefused(.frameZero(regionPage: zero))
            }
        } else {
            region = try pool.allocate(bytes: layout.totalBytes)
            (mapped, frames) = (region, [])
        }
        defer { pool.free(mapped) }
        // Handles in each owner's flavour, descriptors in the region's list
        // pages, the bytes copied in: the library's one flavour transform.
        var space = StagingSpace(region: region, frames: frames, layout: layout)
        do { try FlavourTransform.place(&call, offset: { _ in 0 }, into: &space) } catch { throw .placement(error) }
        let result = privcmd.hypercallResult(call.op.rawValue, call.raw.args)
        // Outputs are copied back even on failure: Xen may report details there.
        layout.forEach(bufs) { index, b, offset in
            guard !b.isNull, b.size > 0, b.direction.writes else { return }
            call.replaceBytes(of: index, with: UnsafeRawBufferPointer(start: region.address + offset, count: b.size))
        }
        if result < 0 { throw .hypercall(XenErrno(rawValue: Int32(truncatingIfNeeded: -result))) }
        return result
    }
}

/// Where each buffer of a call goes in one staging region: packed at
/// 8-byte alignment for `linear`; page-aligned for physical flavours, with
/// the GFN-list pages each buffer's flavour may need after the data pages
/// (one for `gfnList` and for a `tagged` buffer up to 511 pages, 1 + one per
/// 512 pages for a longer `tagged` one, none for `flat`).
struct StagingLayout {
    let physical: Bool
    let dataBytes: Int
    let listPages: Int

    init(_ call: EncodedCall, physical: Bool) {
        self.physical = physical
        var cursor = Cursor()
        var lists = 0
        for b in call.buffers where !b.isNull {
            _ = cursor.next(size: b.size, physical: physical)
            if physical { lists += StagingLayout.listPages(b, call.flavour(ofOwner: b.owner)) }
        }
        dataBytes = StagingLayout.align(cursor.end, physical)
        listPages = lists
    }

    /// Walks the region's buffers in order: the one place their offsets are
    /// worked out (sizing, placement, the copy back).
    struct Cursor {
        /// The first byte after the last buffer.
        private(set) var end = 0

        /// The offset of the next buffer, of `size` bytes.
        @inline(__always)
        mutating func next(size: Int, physical: Bool) -> Int {
            let at = StagingLayout.align(end, physical)
            end = at + max(size, physical ? 1 : 0)
            return at
        }
    }

    static func align(_ v: Int, _ physical: Bool) -> Int {
        let a = physical ? HypercallBufferPool.pageSize : 8
        return (v + a - 1) & ~(a - 1)
    }

    /// Pages a page-aligned buffer's data spans (at least 1).
    static func dataPages(_ b: GuestBuffer) -> Int {
        Int(SGBuilder.pageCount(offset: 0, size: UInt64(b.size)))
    }

    /// List pages the descriptor of `b` in `flavour` may take, at most.
    static func listPages(_ b: GuestBuffer, _ flavour: Flavour) -> Int {
        guard let sg = flavour.sgFlavour else { return 0 }
        return SGBuilder.maxListPages(pages: UInt64(dataPages(b)), flavour: sg)
    }

    /// Data pages, then (physical only) the list pages.
    var totalBytes: Int { dataBytes + listPages * HypercallBufferPool.pageSize }

    /// Calls `body(index, buffer, offset)` for every buffer (null ones get offset -1).
    @inline(__always)
    func forEach<E: Error>(_ bufs: GuestBufferList, _ body: (Int, GuestBuffer, Int) throws(E) -> Void) throws(E) {
        var cursor = Cursor()
        for i in bufs.indices {
            let b = bufs[i]
            if b.isNull { try body(i, b, -1); continue }
            try body(i, b, cursor.next(size: b.size, physical: physical))
        }
    }
}
