/*
 * Values that Swift cannot import from a function-like macro, and the C
 * compiler's own view of struct layouts (sizeof/offsetof) that the layout
 * tests pin the Swift side against.
 */
#ifndef XENABI_LAYOUT_H
#define XENABI_LAYOUT_H

#include <stdint.h>
#include <stddef.h>

/* privcmd ioctl numbers (xen/sys/privcmd.h builds them with _IOC). */
enum {
    XENABI_IOCTL_PRIVCMD_HYPERCALL     = IOCTL_PRIVCMD_HYPERCALL,
    XENABI_IOCTL_PRIVCMD_MMAP          = IOCTL_PRIVCMD_MMAP,
    XENABI_IOCTL_PRIVCMD_MMAPBATCH     = IOCTL_PRIVCMD_MMAPBATCH,
    XENABI_IOCTL_PRIVCMD_MMAPBATCH_V2  = IOCTL_PRIVCMD_MMAPBATCH_V2,
    XENABI_IOCTL_PRIVCMD_DM_OP         = IOCTL_PRIVCMD_DM_OP,
    XENABI_IOCTL_PRIVCMD_RESTRICT      = IOCTL_PRIVCMD_RESTRICT,
    XENABI_IOCTL_PRIVCMD_MMAP_RESOURCE = IOCTL_PRIVCMD_MMAP_RESOURCE,
};

/* /dev/xen/evtchn ioctl numbers (xen/sys/evtchn.h, Linux's include/uapi/xen/evtchn.h, built with _IOC). */
enum {
    XENABI_IOCTL_EVTCHN_BIND_VIRQ         = IOCTL_EVTCHN_BIND_VIRQ,
    XENABI_IOCTL_EVTCHN_BIND_INTERDOMAIN  = IOCTL_EVTCHN_BIND_INTERDOMAIN,
    XENABI_IOCTL_EVTCHN_BIND_UNBOUND_PORT = IOCTL_EVTCHN_BIND_UNBOUND_PORT,
    XENABI_IOCTL_EVTCHN_UNBIND            = IOCTL_EVTCHN_UNBIND,
    XENABI_IOCTL_EVTCHN_NOTIFY            = IOCTL_EVTCHN_NOTIFY,
    XENABI_IOCTL_EVTCHN_RESET             = IOCTL_EVTCHN_RESET,
    XENABI_IOCTL_EVTCHN_RESTRICT_DOMID    = IOCTL_EVTCHN_RESTRICT_DOMID,
};

/* Values public/xen.h builds with xen_mk_uint(), which Swift cannot import. */
enum {
    XENABI_DOMID_FIRST_RESERVED = DOMID_FIRST_RESERVED,
    XENABI_DOMID_SELF           = DOMID_SELF,
    XENABI_DOMID_IO             = DOMID_IO,
    XENABI_DOMID_XEN            = DOMID_XEN,
    XENABI_DOMID_COW            = DOMID_COW,
    XENABI_DOMID_INVALID        = DOMID_INVALID,
    XENABI_DOMID_IDLE           = DOMID_IDLE,
};

/* update_va_mapping flags public/xen.h builds with xen_mk_ulong(). */
enum {
    XENABI_UVMF_NONE           = UVMF_NONE,
    XENABI_UVMF_TLB_FLUSH      = UVMF_TLB_FLUSH,
    XENABI_UVMF_INVLPG         = UVMF_INVLPG,
    XENABI_UVMF_FLUSHTYPE_MASK = UVMF_FLUSHTYPE_MASK,
    XENABI_UVMF_MULTI          = UVMF_MULTI,
    XENABI_UVMF_LOCAL          = UVMF_LOCAL,
    XENABI_UVMF_ALL            = UVMF_ALL,
};

/* Offsets of flexible array members (no field Swift can name). */
enum {
    XENABI_PCI_DEVICE_ADD_OPTARR = offsetof(physdev_pci_device_add_t, optarr),
    XENABI_ARGO_RING_DATA_DATA   = offsetof(xen_argo_ring_data_t, data),
};

/* One row of the C compiler's layout table. `field` is "" for a whole type. */
struct xenabi_layout_row {
    const char *type;
    const char *field;
    uint32_t offset;
    uint32_t size;
};

/* The table (Sources/CXen/layout.c) and its length. */
extern const struct xenabi_layout_row xenabi_layout_rows[];
extern const size_t xenabi_layout_row_count;

/* Row `i` of the table (Swift cannot index an incomplete C array). */
const struct xenabi_layout_row *xenabi_layout_row_at(size_t i);

#endif
