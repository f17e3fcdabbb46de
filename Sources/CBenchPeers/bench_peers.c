// The C peer of the typed encode (see include/bench_peers.h). A separate
// translation unit, so the caller cannot inline or hoist it: one call per
// encode, as a guest kernel's hypercall wrapper.
#include <stddef.h>
#include <string.h>
#include "bench_peers.h"

// xen/include/public/memory.h, x86_64 (32 bytes).
struct peer_memory_reservation {
    uint64_t extent_start;  // XEN_GUEST_HANDLE(xen_pfn_t)
    uint64_t nr_extents;    // xen_ulong_t
    uint32_t extent_order;
    uint32_t mem_flags;
    uint16_t domid;         // domid_t
};
_Static_assert(sizeof(struct peer_memory_reservation) == 32, "xen_memory_reservation is 32 bytes");
_Static_assert(offsetof(struct peer_memory_reservation, domid) == 24, "domid at 24");

#define PEER_HYPERVISOR_memory_op 12
#define PEER_XENMEM_increase_reservation 0

uint64_t xenabi_peer_encode_reservation(uint8_t *buf, uint64_t nr_extents, uint32_t extent_order,
                                        uint32_t mem_flags, uint16_t domid, uint64_t args[2]) {
    struct peer_memory_reservation r;
    memset(&r, 0, sizeof r);  // padding reads as zero, as in the typed encode
    uint8_t *frames = buf + sizeof r;
    r.extent_start = (uint64_t)(uintptr_t)frames;
    r.nr_extents = nr_extents;
    r.extent_order = extent_order;
    r.mem_flags = mem_flags;
    r.domid = domid;
    memcpy(buf, &r, sizeof r);
    memset(frames, 0, (size_t)nr_extents * 8);  // the output frame list
    args[0] = PEER_XENMEM_increase_reservation;
    args[1] = (uint64_t)(uintptr_t)buf;
    return PEER_HYPERVISOR_memory_op;
}
