/*
 * Non-variadic entry points for the syscalls Swift cannot call directly
 * (ioctl(2) is variadic in glibc). Used only by the Privcmd module's funnels.
 */
#ifndef XENABI_SYS_H
#define XENABI_SYS_H

#include <sys/ioctl.h>

/* ioctl(fd, request, arg) with a pointer argument, as privcmd takes. */
static inline int xenabi_ioctl(int fd, unsigned long request, void *arg)
{
    return ioctl(fd, request, arg);
}

#endif
