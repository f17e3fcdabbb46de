// SoftTLB: the per-vCPU software TLB of registered hypercall buffers
// (VCPUOP_register_hcall_buffer / _purge_hcall_buffers / _share_hcall_buffers,
// Specs/softtlb.md). Juergen Gross's counter-proposal in the 2022 xen-devel
// thread "Proposal for physical address based hypercalls": a guest registers
// (VA, GPA, size) ranges, and a `linear` handle that falls wholly inside one
// is translated without walking the guest's page tables.
//
// The shape, and what it borrows:
//
//   SoftTLBCursor (one per vCPU, never shared, no lock, no atomics but one load)
//     1. last-hit entry       KVM: `kvm_vcpu_gfn_to_memslot()` first tries the
//                             vCPU's `last_used_slot` before searching the
//                             memslot tree. One giant entry (a PVH dom0 direct
//                             map) always hits here: a subtract and two compares.
//     2. direct-mapped cache  QEMU softmmu: `tlb_entry(env, mmu_idx, addr)`
//        of 256 page slots    indexes a power-of-two table by page number and
//                             compares one tag (about ten instructions on a
//                             hit, accel/tcg/cputlb.c). Many small per-CPU
//                             entries hit here.
//   SoftTLBSnapshot (shared, immutable, sorted)
//     3. binary search        DPDK mlx5: a per-queue MRU cache (`mlx5_mr_ctrl`,
//                             level 1, linear) in front of a sorted B-tree
//                             array searched by `mr_btree_lookup()` (level 2),
//                             and only then the global list. Our level 2 is an
//                             immutable sorted array published RCU-style.
//
// Why not a radix tree as SPDK's `spdk_vtophys()` (lib/env_dpdk/memory.c: a
// two-level map of 2 MiB translations, O(1), no search)? A radix map costs
// memory per mapped page-group, and a many-GiB direct map would fill millions
// of leaves on every registration; the KVM last-slot check gives the giant
// entry its O(1) for free, and the QEMU page cache gives the small entries
// theirs. QEMU's victim TLB (8 entries checked before a refill) is not copied:
// its refill is a full softmmu walk, ours a ~12-step binary search over a
// cache-resident array, so a victim buffer would save little.
//
// Sharing (VCPUOP_share_hcall_buffers): every vCPU's cursor reads the same
// SoftTLBTable. Writers serialize on a mutex, build a new snapshot, publish it
// through an atomic strong reference (swift-atomics `ManagedAtomic`, whose
// loads are safe against a concurrent store releasing the old snapshot: no
// use-after-free, reclamation is plain reference counting), then bump the
// table's generation counter. A cursor compares that counter with its
// snapshot's generation on every lookup (one acquiring load, a plain `mov`
// on x86-64) and, when they differ, drops its front caches and re-loads the
// snapshot. So once a purge has returned, any lookup that happens after it
// sees the new generation and cannot return a purged translation.
