/*
 * The libxencall side of the performance comparison, run in the same dom0
 * as `xenabi-integration bench`: N xen_version(XENVER_version) through
 * xencall2, and N xencall_alloc_buffer/xencall_free_buffer pairs.
 * Built on the host against libxen-dev's xencall.h; runs with Debian's
 * libxencall.so.1 from the unpacked packages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xencall.h>
#include <xen/xen.h>
#include <xen/version.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000, i;
    long sink = 0;
    xencall_handle *h = xencall_open(NULL, 0);
    if (!h) { printf("INFO xencall_open failed\n"); return 1; }

    for (i = 0; i < 1000; i++) sink += xencall2(h, __HYPERVISOR_xen_version, XENVER_version, 0);
    double t0 = now_ns();
    for (i = 0; i < n; i++) sink += xencall2(h, __HYPERVISOR_xen_version, XENVER_version, 0);
    printf("BENCH c.xencall2.xen_version.ns %.1f\n", (now_ns() - t0) / n);

    xen_extraversion_t *extra = xencall_alloc_buffer(h, sizeof(*extra));
    t0 = now_ns();
    for (i = 0; i < n; i++) sink += xencall2(h, __HYPERVISOR_xen_version, XENVER_extraversion, (unsigned long)extra);
    printf("BENCH c.xencall2.extraversion_prealloc.ns %.1f\n", (now_ns() - t0) / n);
    xencall_free_buffer(h, extra);

    /* As libxc does for a caller's buffer: allocate, call, copy out, free. */
    xen_extraversion_t user = "";
    t0 = now_ns();
    for (i = 0; i < n; i++) {
        xen_extraversion_t *b = xencall_alloc_buffer(h, sizeof(*b));
        sink += xencall2(h, __HYPERVISOR_xen_version, XENVER_extraversion, (unsigned long)b);
        memcpy(&user, b, sizeof(user));
        xencall_free_buffer(h, b);
    }
    printf("BENCH c.xencall2.extraversion_bounce.ns %.1f\n", (now_ns() - t0) / n);
    sink += user[0];

    t0 = now_ns();
    for (i = 0; i < n; i++) {
        char *p = xencall_alloc_buffer(h, 64);
        p[0] = 1;
        xencall_free_buffer(h, p);
    }
    printf("BENCH c.xencall.alloc_free.ns %.1f\n", (now_ns() - t0) / n);

    printf("INFO xen_version 0x%lx sink %ld\n", (long)xencall2(h, __HYPERVISOR_xen_version, XENVER_version, 0), sink & 1);
    xencall_close(h);
    return 0;
}
