// The C peer of the model's page walk (see include/bench_peers.h): the same
// x86-64 4-level walk over the same tables, as a hypervisor written in C
// would run it. A separate translation unit from the encode peer.
#include "bench_peers.h"

#define PTE_PRESENT 0x1ull
#define PTE_WRITABLE 0x2ull
#define PTE_USER 0x4ull
#define PTE_PAGE_SIZE 0x80ull
#define PTE_ADDRESS_MASK 0x000ffffffffff000ull
#define P2M_RAM_RO 1  // p2m_ram_rw 0 and p2m_ram_ro 1 may hold tables

// The GPA of `va`, or a negative fault: not canonical, a table frame not
// RAM, an entry not present, rights, a reserved PS bit in a PML4E.
static inline int64_t walk(void *const *frames, const uint8_t *types, uint64_t frame_count, uint64_t cr3,
                           uint64_t va, uint32_t access, uint64_t *gpa) {
    uint64_t top = va >> 47;
    if (top != 0 && top != 0x1ffff) return -1;
    uint64_t table = cr3 & PTE_ADDRESS_MASK;
    for (int level = 4;; level--) {
        uint64_t gfn = table >> 12;
        if (gfn >= frame_count || types[gfn] > P2M_RAM_RO) return -2;
        const uint8_t *frame = frames[gfn];
        unsigned shift = 12 + 9 * (unsigned)(level - 1);
        uint64_t e = frame ? *(const uint64_t *)(frame + 8 * ((va >> shift) & 511)) : 0;
        if (!(e & PTE_PRESENT)) return -3;
        if ((access & XENABI_PEER_WALK_WRITE) && !(e & PTE_WRITABLE)) return -4;
        if ((access & XENABI_PEER_WALK_USER) && !(e & PTE_USER)) return -4;
        if ((access & XENABI_PEER_WALK_FETCH) && (e >> 63)) return -4;
        if (level == 1 || (e & PTE_PAGE_SIZE)) {
            if (level == 4) return -5;
            uint64_t mask = (1ull << shift) - 1;
            *gpa = ((e & PTE_ADDRESS_MASK) & ~mask) | (va & mask);
            return 0;
        }
        table = e & PTE_ADDRESS_MASK;
    }
}

uint64_t xenabi_peer_walk_stream(void *const *frames, const uint8_t *types, uint64_t frame_count, uint64_t cr3,
                                 const uint64_t *addresses, uint64_t mask, uint64_t start, uint64_t n) {
    uint64_t sum = 0;
    for (uint64_t i = start; i < start + n; i++) {
        uint64_t gpa;
        sum += walk(frames, types, frame_count, cr3, addresses[i & mask], 0, &gpa) == 0 ? gpa : 1;
    }
    return sum;
}
