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

#endif
