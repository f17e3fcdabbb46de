#ifndef XENABI_BENCH_PEERS_H
#define XENABI_BENCH_PEERS_H

#include <stdint.h>

/// The minimal C encoder `xenabi bench` compares the typed encode of
/// `memory_op(XENMEM_increase_reservation)` with: the `xen_memory_reservation`
/// (extent_start handle, nr_extents, extent_order, mem_flags, domid) written
/// into `buf`, the `nr_extents` x 8-byte frame list right after it zeroed,
/// the handle pointing at it, and the two argument registers in `args`.
/// `buf` must hold 32 + 8 * nr_extents bytes. Returns the op word
/// (`__HYPERVISOR_memory_op`, linear flavour). Built only into the `xenabi`
/// executable (see Sources/xenabi/BenchCommand.swift).
uint64_t xenabi_peer_encode_reservation(uint8_t *buf, uint64_t nr_extents, uint32_t extent_order,
                                        uint32_t mem_flags, uint16_t domid, uint64_t args[2]);

/// Rights a walk checks (Xen's `PFEC_write_access`, `PFEC_user_mode`, `PFEC_insn_fetch`).
#define XENABI_PEER_WALK_WRITE 1u
#define XENABI_PEER_WALK_USER 2u
#define XENABI_PEER_WALK_FETCH 4u

/// The minimal C page walk `xenabi bench` compares the model's
/// `ModelDomain.walk` (Xen's `guest_walk_tables`) with: for each of `n`
/// addresses `addresses[(start + i) & mask]`, the x86-64 4-level walk from
/// `cr3` (a read: no rights asked), each table frame checked against the
/// P2M (`types[gfn]` is `p2m_ram_rw` 0 or `p2m_ram_ro` 1, `gfn <
/// frame_count`), each entry read from `frames[gfn]` (null reads as zero).
/// Returns the sum of the GPAs, 1 for each fault: the same checksum as the
/// Swift loop. The tables are the model's own
/// (`ModelDomain.withPageWalkTables`).
uint64_t xenabi_peer_walk_stream(void *const *frames, const uint8_t *types, uint64_t frame_count, uint64_t cr3,
                                 const uint64_t *addresses, uint64_t mask, uint64_t start, uint64_t n);

/// The model domain a C dispatch reads and writes: the frame table (host
/// address of each GFN's 4 KiB, null for a frame never written), the P2M
/// type of each GFN as a byte (`p2m_ram_rw` 0, `p2m_ram_ro` 1, then types no
/// copy may touch), the frame count, the first frame
/// `increase_reservation` hands out, and the `XENVER_extraversion` string.
struct xenabi_peer_domain {
    void *const *frames;
    const uint8_t *types;
    uint64_t frame_count;
    uint64_t frame_base;
    const char *extraversion;
};

/// The minimal C dispatch `xenabi bench` compares the model's
/// `ModelHypervisor.execute` with, for the two whole calls it measures in
/// `flat`: the op word's reserved bits and flavour checked, then
/// `xen_version(XENVER_extraversion)` (the string copied to the handle's
/// GPA) or `memory_op(XENMEM_increase_reservation)` (the 32-byte
/// `xen_memory_reservation` read from the argument's GPA, its fields checked
/// as the model does, one 8-byte copy to `extent_start` per extent). Every
/// copy goes page by page, each frame checked against the P2M, a write to
/// read-only RAM dropped. Returns what the model returns; -ENOSYS for
/// anything else.
/// `domain` points at a `struct xenabi_peer_domain` (untyped, so Swift
/// code that does not import this header can hold the function).
int64_t xenabi_peer_dispatch(const void *domain, uint64_t op, const uint64_t args[5]);

/// The minimal C `copy_from_guest` `xenabi bench` compares the model's
/// `ModelDomain.copyFromGuest` with, in the physical flavours
/// (`XENABI_FLAVOUR_FLAT`, `_GFN_LIST`, `_TAGGED`): `n` bytes of the buffer
/// `handle` names into `dst`, over the same frames (`domain`, a `struct
/// xenabi_peer_domain`; an unencrypted guest), the descriptor forms and
/// checks of hcall_phys.c (a list's alignment, slot 0's offset, the slots
/// inside the list page, every list and data frame RAM inside the P2M).
/// Returns 0, or a negative errno.
int64_t xenabi_peer_copy_from_guest(const void *domain, uint64_t flavour, uint64_t handle, void *dst, uint64_t n);

#endif
