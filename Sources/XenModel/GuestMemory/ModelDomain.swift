import XenABI
/// A domain of the hypervisor model: guest-physical memory, its P2M, the
/// encrypted-guest switch, vCPUs, and the guest's own frame allocator (the
/// guest side owns which frames hold page tables and hypercall buffers).
///
/// The hypervisor side of the model (copy, resolver, dispatcher) reads and
/// writes only through `copyFromGuest`/`copyToGuest` and the walkers, which
/// check the P2M; tests and the guest side may use `memory` directly.
public final class ModelDomain {
    /// Guest-physical RAM.
    public let memory: GuestMemory
    /// The physical-to-machine map: page types and shared bits.
    ///
    /// `@exclusivity(unchecked)`: a page walk checks every table frame here,
    /// and the dynamic check of each read was most of the walk's
    /// instructions. No access to it can overlap another on one thread: it
    /// is read by copy or by a non-mutating call, and written only by
    /// `P2M`'s mutating setters, which call nothing that could reach it.
    @exclusivity(unchecked) public var p2m: P2M
    /// An encrypted guest (SEV/TDX): Xen cannot walk its page tables nor
    /// touch its private pages; only shared pages carry hypercall buffers.
    ///
    /// `@exclusivity(unchecked)`, as `vcpus`: every copy reads both, and
    /// their dynamic checks cost more than a flat 4 KiB copy's chunk
    /// checks. A read or a whole store is each one access; none is held
    /// across a call (no `inout` of either, no closure over them).
    @exclusivity(unchecked) public var encrypted: Bool
    /// The vCPUs.
    @exclusivity(unchecked) public var vcpus: [ModelVCPU]

    @usableFromInline var used: [Bool]
    @usableFromInline var nextFree: UInt64
    /// Hypervisor state: what the domain wrote with `CONSOLEIO_write`.
    public var consoleOutput: [UInt8] = []
    /// Hypervisor state: console input `CONSOLEIO_read` hands out, consumed as read.
    public var consoleInput: [UInt8] = Array("xenabi model console input\n".utf8)
    /// Hypervisor state: `conringc`, the console ring's consumer index
    /// (`XEN_SYSCTL_readconsole` with `clear` advances it).
    public var consoleRingStart = 0
    /// The next VA the guest pool maps a buffer at.
    public var nextPoolVA: UInt64 = ModelDomain.poolVABase
#if XENABI_INTERNAL_CHECKS
    /// Debug and test builds only: called with every chunk of guest data a
    /// copy from the guest reads (GPA, length), so a test can show that no
    /// guest byte is read twice within a call (no double fetch).
    @usableFromInline var dataReadObserver: ((UInt64, Int) -> Void)?
#endif

    /// The first GFN the guest allocator hands out (the first MiB stays free,
    /// as on a PC, and tests can put hostile things there).
    public static let firstAllocatable: UInt64 = 0x100

    /// A domain of `frameCount` RAM frames (read-write, private) and `vcpus` vCPUs.
    public init(frameCount: UInt64 = 1 << 16, vcpus: Int = 1, encrypted: Bool = false) {
        memory = GuestMemory(frameCount: frameCount)
        p2m = P2M(frameCount: frameCount)
        self.encrypted = encrypted
        used = Array(repeating: false, count: Int(frameCount))
        nextFree = ModelDomain.firstAllocatable
        self.vcpus = (0 ..< vcpus).map { ModelVCPU(id: $0) }
    }

    /// Frames of guest-physical space.
    @inlinable public var frameCount: UInt64 { memory.frameCount }

    /// The guest allocator: one free frame, or nil when memory is exhausted.
    /// Shared with the hypervisor when the guest is encrypted (hypercall
    /// pages and page tables alike; private data is made with `setShared`).
    public func allocateFrame() -> UInt64? {
        while nextFree < frameCount && used[Int(nextFree)] { nextFree += 1 }
        guard nextFree < frameCount else { return nil }
        return take(nextFree)
    }

    /// `count` free frames: consecutive, or (`scattered`) at random free
    /// places in random order, as a fragmented guest's pool would give.
    public func allocateFrames<R: RandomNumberGenerator>(_ count: Int, scattered: Bool, rng: inout R) -> [UInt64]? {
        if !scattered {
            var start = nextFree
            while start + UInt64(count) <= frameCount {
                if let busy = (start ..< start + UInt64(count)).first(where: { used[Int($0)] }) {
                    start = busy + 1
                    continue
                }
                return (start ..< start + UInt64(count)).map { take($0) }
            }
            return nil
        }
        var out: [UInt64] = []
        out.reserveCapacity(count)
        var tries = 0
        while out.count < count {
            let g = UInt64.random(in: ModelDomain.firstAllocatable ..< frameCount, using: &rng)
            if !used[Int(g)] && (out.last.map { g != $0 + 1 } ?? true) {
                out.append(take(g))
            } else {
                tries += 1
                if tries > count * 64 + 4096 { return nil }
            }
        }
        return out
    }

    @usableFromInline
    func take(_ gfn: UInt64) -> UInt64 {
        used[Int(gfn)] = true
        p2m.setShared(true, gfn)
        return gfn
    }
}
