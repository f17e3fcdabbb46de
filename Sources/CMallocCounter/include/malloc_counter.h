#ifndef XENABI_MALLOC_COUNTER_H
#define XENABI_MALLOC_COUNTER_H

/// Heap allocations (malloc, calloc, realloc, memalign, posix_memalign,
/// aligned_alloc, valloc) made by the calling thread since it started.
/// Counted by the interposers in malloc_counter.c, linked only into the
/// `xenabi` executable so `xenabi bench` can report allocation counts.
unsigned long xenabi_thread_malloc_count(void);

#endif
