/*
 * The physical-address hypercall ABI's additions to the Xen public interface.
 *
 * These numbers are not in Xen 4.17's headers: they are this project's ABI
 * (Specs/abi.md), or landed upstream after 4.17 (VCPUOP 14/15). They are
 * defined once here, in C, so Swift reads them the same way it reads every
 * number from libxen-dev.
 */
#ifndef XENABI_EXT_H
#define XENABI_EXT_H

/* Op word: bits 0-11 hypercall number, 12-13 buffer flavour, 14-63 reserved. */
#define XENABI_OP_NUMBER_BITS      12
#define XENABI_OP_NUMBER_MASK      0xfffULL
#define XENABI_OP_FLAVOUR_SHIFT    12
#define XENABI_OP_FLAVOUR_MASK     0x3ULL
#define XENABI_OP_RESERVED_SHIFT   14

#define XENABI_FLAVOUR_LINEAR      0
#define XENABI_FLAVOUR_FLAT        1
#define XENABI_FLAVOUR_GFN_LIST    2
#define XENABI_FLAVOUR_TAGGED      3

/* Null handle in the physical flavours (GPA 0 is valid RAM). */
#define XENABI_PHYS_NULL_HANDLE    0xffffffffffffffffULL

/* Tagged descriptors: the low two bits of a `tagged` handle. */
#define XENABI_DESC_TAG_MASK       0x3ULL
#define XENABI_DESC_TAG_FLAT       0
#define XENABI_DESC_TAG_LIST1      1
#define XENABI_DESC_TAG_LIST2      2
#define XENABI_DESC_TAG_RESERVED   3
#define XENABI_GFN_LIST_SLOTS      512   /* xen_ulong_t per 4 KiB list page */
#define XENABI_GFN_LIST_MAX_DATA   511   /* data GFNs after slot 0 */

/*
 * Continuation encodings Xen keeps in the sub-op register (not in the public
 * headers: xen/include/xen/hypercall.h and xen/common/grant_table.c of 4.17).
 * The physical ABI keeps progress in registers exactly like this.
 */
#define XENABI_MEMOP_EXTENT_SHIFT              6
#define XENABI_MEMOP_CMD_MASK                  0x3f
#define XENABI_GNTTABOP_CONTINUATION_ARG_SHIFT 12
#define XENABI_GNTTABOP_CMD_MASK               0xfff

/*
 * The patched Xen's list walker resolves and checks the data frames of one
 * copy in batches of this many pages before the first byte of a batch is
 * copied (CHUNK_BATCH in xen/arch/x86/hvm/hcall_phys.c, patch 0006): not
 * ABI, but the unit of Specs/abi.md section 6's per-copy guarantee.
 */
#define XENABI_PHYS_COPY_BATCH 16

/*
 * XENMEM reservation limits of Xen 4.17 (xen/common/memory.c): the largest
 * nr_extents whose continuation fits cmd above XENABI_MEMOP_EXTENT_SHIFT
 * (UINT_MAX >> MEMOP_EXTENT_SHIFT), and the default largest extent_order of
 * an ordinary guest (CONFIG_DOMU_MAX_ORDER, PAGETABLE_ORDER on x86; the
 * "memop-max-order" option) and of a populate-on-demand request (MAX_ORDER,
 * CONFIG_PAGEALLOC_MAX_ORDER = 2 * PAGETABLE_ORDER on x86).
 */
#define XENABI_MEMOP_MAX_EXTENTS   (0xffffffffU >> XENABI_MEMOP_EXTENT_SHIFT)
#define XENABI_DOMU_MAX_ORDER      9
#define XENABI_MAX_ORDER           18

/* Feature bit advertised in XENVER_get_features submap 0. */
#define XENFEAT_hcall_phys_buffers 21

/* vcpu_op: upstream after 4.17 (Xen 4.18), physical-address areas. */
#ifndef VCPUOP_register_runstate_phys_area
#define VCPUOP_register_runstate_phys_area   14
#endif
#ifndef VCPUOP_register_vcpu_time_phys_area
#define VCPUOP_register_vcpu_time_phys_area  15
#endif

/* vcpu_op: the software TLB of registered hypercall buffers. */
#define VCPUOP_register_hcall_buffer  16
#define VCPUOP_purge_hcall_buffers    17
#define VCPUOP_share_hcall_buffers    18

/*
 * VCPUOP 16-18 are vcpu_op(cmd, vcpuid, arg), as every vcpu_op: `arg` is a
 * handle, in the call's own flavour, to one vcpu_hcall_buffer_t that Xen
 * only reads (do_vcpu_op takes three arguments, so the range cannot travel
 * in registers). The Xen patch defines the same struct in public/vcpu.h.
 *   register (16): va, gpa, size page-aligned, size > 0, no wrap;
 *                  flags: VCPU_HCALL_BUFFER_ADDRESS_SPACE only; source 0
 *   purge    (17): va, size (any alignment; size PURGE_ALL drops all);
 *                  flags: VCPU_HCALL_BUFFER_ADDRESS_SPACE only; gpa, source 0
 *   share    (18): source, the vCPU whose table to use; va, gpa, size, flags 0
 * With VCPU_HCALL_BUFFER_ADDRESS_SPACE an entry is tagged with the calling
 * vCPU's page-table root (CR3 & XENABI_HCALL_BUFFER_ROOT_MASK) and matches
 * only there; without it the entry is global (every address space), and a
 * purge without it drops entries of any tag.
 */
#ifndef VCPU_HCALL_BUFFER_ADDRESS_SPACE
struct vcpu_hcall_buffer {
    uint64_t va;      /* linear address, page aligned                   */
    uint64_t gpa;     /* guest physical address, page aligned (16 only) */
    uint64_t size;    /* bytes                                          */
    uint32_t flags;   /* VCPU_HCALL_BUFFER_ADDRESS_SPACE                */
    uint32_t source;  /* 18 only: the vCPU whose table to use           */
};
typedef struct vcpu_hcall_buffer vcpu_hcall_buffer_t;
#define _VCPU_HCALL_BUFFER_ADDRESS_SPACE 0
#define VCPU_HCALL_BUFFER_ADDRESS_SPACE  (1U << _VCPU_HCALL_BUFFER_ADDRESS_SPACE)
#define VCPU_HCALL_BUFFER_PURGE_ALL      (~0ULL)   /* size, purge only */
#define VCPU_HCALL_BUFFER_MAX            4096      /* entries per table */
#endif

/*
 * Not in vcpu.h: the bits of CR3 that name an address space (the PML4's
 * frame, bits 12-51; PCID and the no-flush bit 63 dropped), the tag of an
 * entry registered with VCPU_HCALL_BUFFER_ADDRESS_SPACE.
 */
#define XENABI_HCALL_BUFFER_ROOT_MASK 0x000ffffffffff000ULL

/*
 * XENMEM_memory_map / machine_memory_map / set_memory_map fill `buffer` with
 * entries "in the same format as returned by the BIOS INT 0x15 EAX=0xE820
 * call" (public/memory.h): packed { uint64 addr; uint64 size; uint32 type; }.
 * Xen's public headers name no type for it, so its size is defined once here.
 */
#define XENABI_E820_ENTRY_SIZE 20

/*
 * Xen's page size for 64-bit guests (XEN_PAGE_SIZE lives in Xen's internal
 * headers only): the size of the page XENMEM_paging_op's prep buffer holds
 * and of a GDT frame.
 */
#define XENABI_PAGE_SIZE 4096

#endif
