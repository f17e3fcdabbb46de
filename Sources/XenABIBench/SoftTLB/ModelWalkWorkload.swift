import SoftTLB
import XenABI
import XenModel

/// The peer the software TLB exists to beat: the hypervisor model's x86-64
/// 4-level page walk (`ModelDomain.walk`, Xen's `guest_walk_tables`) of the
/// same addresses a `SoftTLBWorkload` looks up.
///
/// Every page the workload's address stream touches is mapped with a 4 KiB
/// leaf to the GPA its registered entry gives, in real page tables built in
/// a model domain's memory (PML4 -> PDPT -> PD -> PT), so a walk reads four
/// table entries, each after a P2M check of its table frame, exactly as the
/// model's `linear` copy path does on a TLB miss.
public final class ModelWalkWorkload {
    /// The model domain holding the page tables.
    public let domain: ModelDomain
    /// CR3 of those tables.
    public let cr3: UInt64
    /// The workload whose addresses are walked.
    public let workload: SoftTLBWorkload
    /// Where the next run starts.
    public var position = 0

    /// Maps every address of `workload` (using its cursor to find the GPA).
    public init(_ workload: SoftTLBWorkload) {
        self.workload = workload
        // Table frames: at most 3 per distinct page (PDPT, PD, PT) plus the root.
        let frames = UInt64(3 * workload.addresses.count + 64)
        domain = ModelDomain(frameCount: max(1 << 12, frames + ModelDomain.firstAllocatable))
        cr3 = domain.newPageTableRoot()!
        for a in workload.addresses {
            let page = a & ~TLBEntry.pageMask
            guard let gpa = workload.cursor.translate(page, length: TLBEntry.pageSize, root: SoftTLBWorkload.root) else { continue }
            _ = domain.map(va: page, to: gpa, size: .size4K, cr3: cr3)
        }
        workload.cursor.resetStats()
    }

    /// `n` page walks of the workload's stream; returns a checksum of the GPAs.
    @inlinable
    public func runWalk(_ n: Int) -> UInt64 {
        var sum: UInt64 = 0
        let a = workload.addresses.baseAddress!, m = workload.mask, d = domain, root = cr3
        for i in position ..< position &+ n {
            sum &+= (try? d.walk(cr3: root, va: a[i & m], access: [])) ?? 1
        }
        position = (position &+ n) & m
        return sum
    }

    /// `n` resolutions of one 64-byte linear chunk through the model's copy
    /// path (`forEachChunk`, `linear` flavour): with `tlb` the vCPU's hook is
    /// the workload's cursor (a hit), without it the chunk is walked.
    @inlinable
    public func runLinearChunk(_ n: Int, tlb: Bool) -> UInt64 {
        let v = domain.vcpus[0]
        v.cr3 = cr3
        v.tlb = tlb ? workload.cursor : nil
        var sum: UInt64 = 0
        let a = workload.addresses.baseAddress!, m = workload.mask, d = domain
        for i in position ..< position &+ n {
            try? d.forEachChunk(a[i & m], flavour: .linear, offset: 0, count: 64, write: false, vcpu: 0,
                                counting: false) { gpa, _ in sum &+= gpa }
        }
        position = (position &+ n) & m
        return sum
    }
}
