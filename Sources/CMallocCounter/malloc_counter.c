// Allocation counting for `xenabi bench`: the executable defines the C
// allocator's entry points, so every allocation of the process (the Swift
// runtime's included) comes here first, is counted per thread, and goes on
// to glibc's own allocator (`__libc_*`). `free` is not interposed: every
// pointer still comes from glibc's allocator. A thread-local counter needs
// no atomics and no allocation (initial-exec TLS of the executable).
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <unistd.h>
#include "malloc_counter.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static __thread unsigned long count;

unsigned long xenabi_thread_malloc_count(void) { return count; }

void *malloc(size_t n) { count++; return __libc_malloc(n); }
void *calloc(size_t k, size_t n) { count++; return __libc_calloc(k, n); }
void *realloc(void *p, size_t n) { count++; return __libc_realloc(p, n); }
void *memalign(size_t a, size_t n) { count++; return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { count++; return __libc_memalign(a, n); }
void *valloc(size_t n) { count++; return __libc_memalign((size_t)getpagesize(), n); }

int posix_memalign(void **out, size_t a, size_t n) {
    // POSIX: a power of two multiple of sizeof(void *).
    if (a % sizeof(void *) != 0 || (a & (a - 1)) != 0) return EINVAL;
    count++;
    void *p = __libc_memalign(a, n);
    if (p == NULL && n != 0) return ENOMEM;
    *out = p;
    return 0;
}
