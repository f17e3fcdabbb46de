// The C peer of the model's `copy_from_guest` in the physical flavours (see
// include/bench_peers.h): the same descriptor forms (SGWalker, hcall_phys.c
// `copy_flat` and `copy_list`), the same checks of every list and data frame
// against the P2M, over the model's own frames, as a hypervisor written in C
// would copy. A separate translation unit: one call per copy.
#include <string.h>
#include "CXen.h"
#include "bench_peers.h"

#define PEER_P2M_RAM_RO 1

static inline int ram(const struct xenabi_peer_domain *d, uint64_t gfn) {
    return gfn < d->frame_count && d->types[gfn] <= PEER_P2M_RAM_RO;
}

// One data chunk: the frame checked, then copied (a frame never written reads as zeros).
static inline int chunk(const struct xenabi_peer_domain *d, uint64_t gpa, uint8_t *dst, uint64_t n) {
    uint64_t gfn = gpa >> 12;
    if (!ram(d, gfn)) return -XEN_EFAULT;
    const uint8_t *f = d->frames[gfn];
    if (f) memcpy(dst, f + (gpa & 4095), n); else memset(dst, 0, n);
    return 0;
}

// A list word: its page inside the P2M and RAM.
static inline int word(const struct xenabi_peer_domain *d, uint64_t gpa, uint64_t *w) {
    uint64_t gfn = gpa >> 12;
    if (!ram(d, gfn)) return -XEN_EFAULT;
    const uint8_t *f = d->frames[gfn];
    *w = f ? *(const uint64_t *)(f + (gpa & 4095)) : 0;
    return 0;
}

static int copy_flat(const struct xenabi_peer_domain *d, uint64_t gpa, uint8_t *dst, uint64_t n) {
    if (gpa + (n - 1) < gpa) return -XEN_EFAULT;
    while (n) {
        uint64_t c = 4096 - (gpa & 4095) < n ? 4096 - (gpa & 4095) : n;
        int e = chunk(d, gpa, dst, c);
        if (e) return e;
        dst += c; gpa += c; n -= c;
    }
    return 0;
}

// Slot 0 holds the byte offset into the first data page; data GFNs follow
// (one level), or level-1 page GFNs do (two levels).
static int copy_list(const struct xenabi_peer_domain *d, uint64_t list, int levels, uint8_t *dst, uint64_t n) {
    if (list & 7) return -XEN_EFAULT;
    uint64_t off0;
    if (word(d, list, &off0)) return -XEN_EFAULT;
    if (off0 >= 4096) return -XEN_EFAULT;
    uint64_t pos = off0, stop = pos + n, last = (stop - 1) >> 12;
    if (levels == 1) {
        if (last >= XENABI_GFN_LIST_MAX_DATA || (list & 4095) + 8 * (last + 2) > 4096) return -XEN_EFAULT;
    } else {
        uint64_t last_slot = last / XENABI_GFN_LIST_SLOTS + 1;
        if (last >= (uint64_t)XENABI_GFN_LIST_MAX_DATA * XENABI_GFN_LIST_SLOTS || (list & 4095) + 8 * (last_slot + 1) > 4096)
            return -XEN_EFAULT;
    }
    uint64_t l1_slot = UINT64_MAX, l1_base = 0;
    while (pos < stop) {
        uint64_t page = pos >> 12, gfn;
        if (levels == 1) {
            if (word(d, list + 8 * (page + 1), &gfn)) return -XEN_EFAULT;
        } else {
            uint64_t slot = page / XENABI_GFN_LIST_SLOTS + 1;
            if (slot != l1_slot) {
                uint64_t l1;
                if (word(d, list + 8 * slot, &l1) || l1 >= d->frame_count) return -XEN_EFAULT;
                l1_slot = slot;
                l1_base = l1 << 12;
            }
            if (word(d, l1_base + 8 * (page % XENABI_GFN_LIST_SLOTS), &gfn)) return -XEN_EFAULT;
        }
        uint64_t c = 4096 - (pos & 4095) < stop - pos ? 4096 - (pos & 4095) : stop - pos;
        int e = chunk(d, gfn << 12 | (pos & 4095), dst, c);
        if (e) return e;
        dst += c; pos += c;
    }
    return 0;
}

int64_t xenabi_peer_copy_from_guest(const void *domain, uint64_t flavour, uint64_t handle, void *dst, uint64_t n) {
    const struct xenabi_peer_domain *d = domain;
    if (n == 0) return 0;
    if (flavour != XENABI_FLAVOUR_FLAT && (handle == 0 || handle == XENABI_PHYS_NULL_HANDLE)) return -XEN_EFAULT;
    switch (flavour) {
    case XENABI_FLAVOUR_FLAT:
        return copy_flat(d, handle, dst, n);
    case XENABI_FLAVOUR_GFN_LIST:
        return copy_list(d, handle, 1, dst, n);
    case XENABI_FLAVOUR_TAGGED:
        switch (handle & XENABI_DESC_TAG_MASK) {
        case XENABI_DESC_TAG_FLAT: return copy_flat(d, handle, dst, n);
        case XENABI_DESC_TAG_LIST1: return copy_list(d, handle & ~XENABI_DESC_TAG_MASK, 1, dst, n);
        case XENABI_DESC_TAG_LIST2: return copy_list(d, handle & ~XENABI_DESC_TAG_MASK, 2, dst, n);
        default: return -XEN_EINVAL;
        }
    default:
        return -XEN_EINVAL;
    }
}
