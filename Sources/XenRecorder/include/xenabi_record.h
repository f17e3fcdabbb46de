/*
 * xenabi-record: an LD_PRELOAD library that records every privcmd hypercall
 * a program issues (ioctl IOCTL_PRIVCMD_HYPERCALL on /dev/xen/privcmd) with
 * the bytes of every live hypercall buffer mapping (mmap of
 * /dev/xen/hypercall, or libxencall's locked anonymous pages) before and
 * after the call, in the trace format of shared/design/trace-format.md.
 *
 *   LD_PRELOAD=/path/to/libxenabi-record.so XENABI_RECORD_OUT=trace.jsonl xl info
 *
 * Environment:
 *   XENABI_RECORD_OUT            output file (default xenabi-trace.jsonl)
 *   XENABI_RECORD_PRIVCMD_PATH   device treated as privcmd (tests only)
 *   XENABI_RECORD_HYPERCALL_PATH device treated as the buffer device (tests only)
 */
#ifndef XENABI_RECORD_H
#define XENABI_RECORD_H

/* Number of hypercalls recorded so far by this process. */
unsigned long xenabi_record_count(void);

#endif
