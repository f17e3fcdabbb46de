import XenABI
import SoftTLB
import Synchronization

/// The hook a per-vCPU software TLB plugs into: translate one page chunk of
/// a linear access before the hypervisor walks the page tables (Juergen
/// Gross's registered hypercall buffers; `Sources/SoftTLB`'s
/// `HcallBufferTable.lookup(va:length:)`).
public protocol LinearTranslationHook: AnyObject {
    /// The GPA of `va` when [va, va + length) lies wholly inside one
    /// registered range usable in address space `root` (the vCPU's
    /// `CR3 & XENABI_HCALL_BUFFER_ROOT_MASK`), else nil (the chunk is then walked).
    func translate(va: UInt64, length: Int, root: UInt64) -> UInt64?
}

/// A vCPU of the model: CR3, the privilege its hypercalls come from, the
/// software TLB slot, and counters of how linear chunks were translated.
///
/// Threads: everything here belongs to the thread running the vCPU, except
/// its software TLB's binding (`hcallBufferBinding`), which VCPUOP 16-18
/// issued by another vCPU may create or re-bind at any time
/// (Specs/softtlb.md, "Remote share").
public final class ModelVCPU {
    /// vCPU id.
    public let id: Int
    /// CR3: the GPA of the PML4 (low 12 bits ignored, no PCID). Its root
    /// bits (`TLBEntry.root(cr3:)`) are the address space the software TLB
    /// matches tagged entries against.
    ///
    /// This and the properties below are `@exclusivity(unchecked)`: every
    /// linear copy reads them and adds to the counters, and their dynamic
    /// checks (seven per copy) cost more than the copy's page walk. They
    /// belong to the vCPU's thread; each access is one read, one store or
    /// one `+=`, none held across a call.
    @exclusivity(unchecked) public var cr3: UInt64 = 0
    /// Whether hypercalls come from CPL 3 (a PV-in-HVM user; Xen adds
    /// `PFEC_user_mode`). Kernel callers (privcmd) are CPL 0.
    @exclusivity(unchecked) public var userMode = false
    /// The software TLB, if the guest registered hypercall buffers.
    @exclusivity(unchecked) public var tlb: (any LinearTranslationHook)?
    /// Linear chunks the TLB translated.
    @exclusivity(unchecked) public internal(set) var tlbHits = 0
    /// Linear chunks the TLB did not translate.
    @exclusivity(unchecked) public internal(set) var tlbMisses = 0
    /// Page-table walks made for linear chunks.
    @exclusivity(unchecked) public internal(set) var walks = 0

    /// The binding VCPUOP 16-18 act on, created on first use (by any vCPU's
    /// call): guarded by the mutex, with `bindingCreated` set once it exists
    /// so the owner's copy path can check for one with a single load.
    let bindingSlot = Mutex<SoftTLBBinding?>(nil)
    @usableFromInline let bindingCreated = Atomic<Bool>(false)

    /// vCPU `id`.
    public init(id: Int) { self.id = id }

    /// Adds one linear access's counts at once (the copy path counts locally).
    @usableFromInline func count(hits: Int, misses: Int, walks: Int) {
        tlbHits += hits
        tlbMisses += misses
        self.walks += walks
    }

    /// Zeroes the counters.
    public func resetCounters() { tlbHits = 0; tlbMisses = 0; walks = 0 }
}
