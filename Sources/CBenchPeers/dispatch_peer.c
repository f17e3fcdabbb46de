// The C peer of a whole model call's hypervisor side (see
// include/bench_peers.h): op word and flavour decoded, the argument struct
// read from guest-physical memory, the work done, the outputs written, as a
// hypervisor written in C would, over the model's own frames and P2M. Only
// what `xenabi bench`'s whole-call figures issue in `flat` is served.
#include <string.h>
#include "CXen.h"
#include "bench_peers.h"

#define PEER_P2M_RAM_RW 0
#define PEER_P2M_RAM_RO 1

// `p2m.check`: RAM (read-write or read-only) inside the map.
static inline int ram(const struct xenabi_peer_domain *d, uint64_t gfn) {
    return gfn < d->frame_count && d->types[gfn] <= PEER_P2M_RAM_RO;
}

// `copy_from_guest` of a `flat` GPA: page by page, each frame checked; a
// frame never written reads as zeros.
static int from_guest_flat(const struct xenabi_peer_domain *d, uint64_t gpa, void *dst, uint64_t n) {
    if (gpa + n < gpa) return -XEN_EFAULT;
    uint8_t *out = dst;
    while (n) {
        uint64_t gfn = gpa >> 12, at = gpa & 4095, chunk = 4096 - at < n ? 4096 - at : n;
        if (!ram(d, gfn)) return -XEN_EFAULT;
        const uint8_t *f = d->frames[gfn];
        if (f) memcpy(out, f + at, chunk); else memset(out, 0, chunk);
        out += chunk; gpa += chunk; n -= chunk;
    }
    return 0;
}

// `copy_to_guest` of a `flat` GPA: page by page, each frame checked just
// before it is written; a write to read-only RAM is dropped. The peer
// allocates no frame: one never written is a fault (the bench's buffers are
// all written before timing).
static int to_guest_flat(const struct xenabi_peer_domain *d, uint64_t gpa, const void *src, uint64_t n) {
    if (gpa + n < gpa) return -XEN_EFAULT;
    const uint8_t *in = src;
    while (n) {
        uint64_t gfn = gpa >> 12, at = gpa & 4095, chunk = 4096 - at < n ? 4096 - at : n;
        if (!ram(d, gfn)) return -XEN_EFAULT;
        if (d->types[gfn] != PEER_P2M_RAM_RO) {
            uint8_t *f = d->frames[gfn];
            if (!f) return -XEN_EFAULT;
            memcpy(f + at, in, chunk);
        }
        in += chunk; gpa += chunk; n -= chunk;
    }
    return 0;
}

// `construct_memop_from_reservation`, as `ModelHypervisor.memFlagsAccepted`.
static int mem_flags_accepted(uint32_t flags) {
    uint32_t address_bits = flags & 0xff;
    if (address_bits != 0 && address_bits <= 12) return 0;
    uint32_t node = ((flags >> 8) - 1) & 0xff;
    if (!(flags & XENMEMF_vnode) && node != 0xff && (flags & XENMEMF_exact_node_request)) return 0;
    return 1;
}

static int64_t memory_op(const struct xenabi_peer_domain *d, uint64_t cmd, uint64_t arg) {
    uint64_t subop = cmd & XENABI_MEMOP_CMD_MASK, start = cmd >> XENABI_MEMOP_EXTENT_SHIFT;
    if (subop != XENMEM_increase_reservation) return -XEN_ENOSYS;
    struct xen_memory_reservation r;
    if (from_guest_flat(d, arg, &r, sizeof r)) return (int64_t)start;
    // The handle as the 8 bytes the guest wrote (a struct or a pointer, by header mode).
    uint64_t nr = r.nr_extents, list;
    memcpy(&list, (const uint8_t *)&r + offsetof(struct xen_memory_reservation, extent_start), sizeof list);
    if (nr > XENABI_MEMOP_MAX_EXTENTS || start >= nr || r.domid != DOMID_SELF || !mem_flags_accepted(r.mem_flags) ||
        r.extent_order > XENABI_DOMU_MAX_ORDER)
        return (int64_t)start;
    if (list == 0 || list == XENABI_PHYS_NULL_HANDLE) return (int64_t)nr;
    uint64_t i = start;
    for (; i < nr; i++) {
        // `__copy_mfn_to_guest_offset`: one 8-byte copy per extent.
        uint64_t frame = d->frame_base + (i << r.extent_order);
        if (to_guest_flat(d, list + i * 8, &frame, 8)) break;
    }
    return (int64_t)i;
}

int64_t xenabi_peer_dispatch(const void *domain, uint64_t op, const uint64_t args[5]) {
    const struct xenabi_peer_domain *d = domain;
    if (op >> XENABI_OP_RESERVED_SHIFT) return -XEN_ENOSYS;
    if (((op >> XENABI_OP_FLAVOUR_SHIFT) & XENABI_OP_FLAVOUR_MASK) != XENABI_FLAVOUR_FLAT) return -XEN_ENOSYS;
    switch (op & XENABI_OP_NUMBER_MASK) {
    case __HYPERVISOR_xen_version:
        if ((int32_t)args[0] == XENVER_extraversion) {
            // `safe_strcpy(extraversion, xen_extra_version())`, then one copy.
            xen_extraversion_t s;
            memset(s, 0, sizeof s);
            strncpy(s, d->extraversion, sizeof s - 1);
            return to_guest_flat(d, args[1], s, sizeof s) ? -XEN_EFAULT : 0;
        }
        return -XEN_ENOSYS;
    case __HYPERVISOR_memory_op:
        return memory_op(d, args[0], args[1]);
    default:
        return -XEN_ENOSYS;
    }
}
