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
//        of 1024 page slots   indexes a power-of-two table by page number and
//                             compares one tag (about ten instructions on a
//                             hit, accel/tcg/cputlb.c). Many small per-CPU
//                             entries hit here.
//   SoftTLBSnapshot (shared, logically immutable)
//     3. page hash            SPDK: `spdk_vtophys()` (lib/env_dpdk/memory.c)
//        (small entries)      is O(1) through a two-level map of 2 MiB
//                             translations. Ours is O(1) through an open-
//                             addressed hash of the *registered* pages only
//                             (one multiply, usually one cache line), so its
//                             size follows what is registered, not the
//                             address space. Versioned (each bucket born and
//                             purged at a generation, MVCC as in a database),
//                             so every snapshot shares one hash.
//     4. tree search          DPDK mlx5: a per-queue MRU cache (`mlx5_mr_ctrl`,
//        (large entries)      level 1) in front of a sorted array searched by
//                             `mr_btree_lookup()` (level 2). Our large entries
//                             (> 64 pages: direct maps) are few, in a
//                             persistent treap shared between snapshots; a
//                             many-GiB entry costs no hash pages.
//
// Address spaces: an entry is global or tagged with a page-table root
// (VCPU_HCALL_BUFFER_ADDRESS_SPACE); a lookup names the vCPU's root. The
// page hash and the large-entry search are keyed by (tag, page), so a
// lookup probes its root and global, never the other roots at that page;
// a cursor retires its front caches on a root switch by moving a slot
// epoch (no stores), like a CR3 write without PCID flushing a hardware TLB.
//
// Publication cost: a register or a purge derives the next snapshot from the
// current one in O(log n) (path-copied treaps, the shared hash gaining or
// retiring the entry's pages), not by rebuilding every entry; each snapshot
// also carries the ranges the last publications removed, so a cursor drops
// only those front entries (Specs/softtlb.md, "Publication cost").
//
// QEMU's victim TLB (8 entries checked before a refill) is not copied: its
// refill is a full softmmu page walk, ours a hash probe, so a victim buffer
// would save little. A plain binary search over all entries was the first
// design; at 4096 entries with random accesses each of its 12 levels missed
// L1 and it cost ~50 ns (Specs/performance.md), hence the hash.

// Sharing (VCPUOP_share_hcall_buffers): every vCPU's cursor reads the same
// SoftTLBTable. Writers serialize on a mutex, derive a new snapshot, publish it
// through an atomic strong reference (swift-atomics `ManagedAtomic`, whose
// loads are safe against a concurrent store releasing the old snapshot: no
// use-after-free, reclamation is plain reference counting), then bump the
// table's generation counter. A cursor compares that counter with its
// snapshot's generation on every lookup (one acquiring load, a plain `mov`
// on x86-64) and, when they differ, re-loads the snapshot and drops the
// front entries of every range removed since its old one. So once a purge
// has returned, any lookup that happens after it sees the new generation
// and cannot return a purged translation.
//
// A share issued for another vCPU (which may be translating right now) never
// writes that vCPU's cursor: it exchanges the table in the cursor's
// `SoftTLBBinding` (an atomic reference) and pokes the generation of the table
// it replaced; the cursor's own thread follows the binding on its next lookup
// (Specs/softtlb.md, "Remote share").
