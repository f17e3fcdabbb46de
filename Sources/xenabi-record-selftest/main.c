/*
 * A fake toolstack for testing the recorder without Xen: it opens the
 * "privcmd" and "hypercall buffer" devices at the paths the recorder's test
 * variables name (regular files), maps buffers the way libxencall does, and
 * issues IOCTL_PRIVCMD_HYPERCALL. On a regular file the ioctl fails with
 * ENOTTY; the recorder records that answer like any other.
 *
 * Calls, in order:
 *   0: xen_version(XENVER_extraversion, buf)   buf in a locked anonymous page
 *   1: sysctl(physinfo)                        struct in the mmap'ed buffer device
 *   2: xen_version(XENVER_version, NULL)       after munmap of the anonymous page
 * then a forked child issues xen_version(XENVER_pagesize, NULL), which the
 * recorder writes to its own trace (OUT.<pid>). Prints the three results and
 * the child's pid.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "CXen.h"

static long hypercall(int fd, uint64_t op, uint64_t a0, uint64_t a1)
{
    privcmd_hypercall_t hc = { .op = op, .arg = { a0, a1, 0, 0, 0 } };
    return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &hc);
}

int main(void)
{
    const char *priv = getenv("XENABI_RECORD_PRIVCMD_PATH");
    const char *bufdev = getenv("XENABI_RECORD_HYPERCALL_PATH");
    if (!priv || !bufdev) { fprintf(stderr, "set XENABI_RECORD_PRIVCMD_PATH and XENABI_RECORD_HYPERCALL_PATH\n"); return 2; }
    long page = sysconf(_SC_PAGESIZE);

    int fd = open(priv, O_RDWR | O_CLOEXEC);
    int bfd = open(bufdev, O_RDWR | O_CLOEXEC);
    if (fd < 0 || bfd < 0) { perror("open"); return 1; }
    if (ftruncate(bfd, page) != 0) { perror("ftruncate"); return 1; }

    unsigned char *anon = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
    if (anon == MAP_FAILED) { perror("mmap anon"); return 1; }
    memset(anon, 0xa5, (size_t)page);
    long r0 = hypercall(fd, __HYPERVISOR_xen_version, XENVER_extraversion, (uint64_t)(uintptr_t)(anon + 16));

    unsigned char *dev = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_SHARED, bfd, 0);
    if (dev == MAP_FAILED) { perror("mmap dev"); return 1; }
    xen_sysctl_t *sysctl = (xen_sysctl_t *)(dev + 16);
    memset(sysctl, 0xcc, sizeof *sysctl);   /* stack-garbage stand-in: libxc does not zero the struct */
    sysctl->cmd = XEN_SYSCTL_physinfo;
    sysctl->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    long r1 = hypercall(fd, __HYPERVISOR_sysctl, (uint64_t)(uintptr_t)sysctl, 0);

    munmap(anon, (size_t)page);
    long r2 = hypercall(fd, __HYPERVISOR_xen_version, XENVER_version, 0);

    pid_t child = fork();
    if (child == 0) {
        hypercall(fd, __HYPERVISOR_xen_version, XENVER_pagesize, 0);
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);

    munmap(dev, (size_t)page);
    close(bfd);
    close(fd);
    printf("%ld %ld %ld %d\n", r0, r1, r2, (int)child);
    return 0;
}
