/*
 * The recorder (see include/xenabi_record.h). Every wrapped function goes
 * straight to the kernel with syscall(2), so no dlsym/malloc recursion can
 * happen inside mmap; a thread-local flag keeps the recorder's own file
 * I/O out of the tables.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/types.h>
#include <xen/xen.h>          /* domid_t, xen_pfn_t for privcmd.h */
#include <xen/sys/privcmd.h>

#include "xenabi_record.h"

#define MAX_REGIONS 256
#define MAX_FDS 64

struct region { uintptr_t addr; size_t len; };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct region regions[MAX_REGIONS];
static int nregions;
static int privcmd_fds[MAX_FDS], nprivcmd;
static int buffer_fds[MAX_FDS], nbuffer;
static int out_fd = -1;        /* the trace file (O_APPEND: one write() per record) */
static int forked;             /* a fork child writes its own trace, OUT.<pid> */
static unsigned long seq;
static __thread int inside;

unsigned long xenabi_record_count(void) { return seq; }

static const char *privcmd_path(void)
{
    const char *p = getenv("XENABI_RECORD_PRIVCMD_PATH");
    return p && *p ? p : "/dev/xen/privcmd";
}

static const char *buffer_path(void)
{
    const char *p = getenv("XENABI_RECORD_HYPERCALL_PATH");
    return p && *p ? p : "/dev/xen/hypercall";
}

static int fd_in(const int *fds, int n, int fd)
{
    for (int i = 0; i < n; i++)
        if (fds[i] == fd) return 1;
    return 0;
}

static void fd_forget(int *fds, int *n, int fd)
{
    for (int i = 0; i < *n; i++)
        if (fds[i] == fd) { fds[i] = fds[--*n]; return; }
}

/* Same file as `path`? (by device and inode, so relative paths and links work) */
static int same_file(int fd, const char *path)
{
    struct stat a, b;
    if (fstat(fd, &a) != 0 || stat(path, &b) != 0) return 0;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static void note_open(int fd)
{
    if (fd < 0 || inside) return;
    inside = 1;
    pthread_mutex_lock(&lock);
    if (same_file(fd, privcmd_path()) && nprivcmd < MAX_FDS) privcmd_fds[nprivcmd++] = fd;
    else if (same_file(fd, buffer_path()) && nbuffer < MAX_FDS) buffer_fds[nbuffer++] = fd;
    pthread_mutex_unlock(&lock);
    inside = 0;
}

static void region_add(uintptr_t addr, size_t len)
{
    pthread_mutex_lock(&lock);
    if (nregions < MAX_REGIONS) regions[nregions++] = (struct region){ addr, len };
    else fprintf(stderr, "xenabi-record: more than %d buffer mappings, not recording 0x%lx\n", MAX_REGIONS, (unsigned long)addr);
    pthread_mutex_unlock(&lock);
}

/* Drops [addr, addr+len) from every region, splitting where needed. */
static void region_remove(uintptr_t addr, size_t len)
{
    uintptr_t end = addr + len;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < nregions; i++) {
        struct region r = regions[i];
        uintptr_t rend = r.addr + r.len;
        if (end <= r.addr || addr >= rend) continue;
        regions[i] = regions[--nregions];
        if (r.addr < addr && nregions < MAX_REGIONS) regions[nregions++] = (struct region){ r.addr, addr - r.addr };
        if (rend > end && nregions < MAX_REGIONS) regions[nregions++] = (struct region){ end, rend - end };
        i = -1; /* restart: the table changed */
    }
    pthread_mutex_unlock(&lock);
}

/* ---- the wrapped functions ---- */

static int do_openat(int dirfd, const char *path, int flags, mode_t mode)
{
    int fd = (int)syscall(SYS_openat, dirfd, path, flags, mode);
    note_open(fd);
    return fd;
}

#define OPEN_MODE(flags, mode) \
    mode_t mode = 0; \
    if ((flags) & (O_CREAT | O_TMPFILE)) { va_list ap; va_start(ap, flags); mode = va_arg(ap, mode_t); va_end(ap); }

int open(const char *path, int flags, ...) { OPEN_MODE(flags, mode); return do_openat(AT_FDCWD, path, flags, mode); }
int open64(const char *path, int flags, ...) { OPEN_MODE(flags, mode); return do_openat(AT_FDCWD, path, flags, mode); }
int openat(int dirfd, const char *path, int flags, ...) { OPEN_MODE(flags, mode); return do_openat(dirfd, path, flags, mode); }
int openat64(int dirfd, const char *path, int flags, ...) { OPEN_MODE(flags, mode); return do_openat(dirfd, path, flags, mode); }
int __open_2(const char *path, int flags) { return do_openat(AT_FDCWD, path, flags, 0); }
int __open64_2(const char *path, int flags) { return do_openat(AT_FDCWD, path, flags, 0); }

int close(int fd)
{
    if (!inside) {
        pthread_mutex_lock(&lock);
        fd_forget(privcmd_fds, &nprivcmd, fd);
        fd_forget(buffer_fds, &nbuffer, fd);
        pthread_mutex_unlock(&lock);
    }
    return (int)syscall(SYS_close, fd);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    long r = syscall(SYS_mmap, addr, len, prot, flags, fd, off);
    if (r == -1) return MAP_FAILED;
    if (!inside) {
        int track;
        pthread_mutex_lock(&lock);
        /* /dev/xen/hypercall pages, or libxencall's fallback: private locked anonymous pages. */
        track = (fd >= 0 && fd_in(buffer_fds, nbuffer, fd)) ||
                (fd < 0 && (flags & MAP_ANONYMOUS) && (flags & MAP_LOCKED) && (flags & MAP_PRIVATE));
        pthread_mutex_unlock(&lock);
        if (track) region_add((uintptr_t)r, len);
    }
    return (void *)r;
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off) { return mmap(addr, len, prot, flags, fd, off); }

int munmap(void *addr, size_t len)
{
    int r = (int)syscall(SYS_munmap, addr, len);
    if (r == 0 && !inside) region_remove((uintptr_t)addr, len);
    return r;
}

/* ---- writing the trace ---- */

static void put_hex(FILE *f, const unsigned char *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char buf[4096];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        buf[k++] = digits[p[i] >> 4];
        buf[k++] = digits[p[i] & 15];
        if (k == sizeof(buf)) { fwrite(buf, 1, k, f); k = 0; }
    }
    fwrite(buf, 1, k, f);
}

static void put_json_string(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

static void read_small(const char *path, char *buf, size_t cap)
{
    buf[0] = 0;
    FILE *f = fopen(path, "r");
    if (!f) return;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == 0)) n--;
    buf[n] = 0;
}

static void write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = syscall(SYS_write, out_fd, p, n);
        if (w <= 0) { if (w < 0 && errno == EINTR) continue; return; }
        p += w;
        n -= (size_t)w;
    }
}

/* After fork, the child records into its own file so two processes never
 * interleave one trace (xl daemonizes, libxl forks helpers). */
static void atfork_child(void)
{
    out_fd = -1;
    forked = 1;
    seq = 0;
    pthread_mutex_init(&lock, NULL);
}

static void open_output(void)
{
    const char *env = getenv("XENABI_RECORD_OUT");
    char path[4096];
    snprintf(path, sizeof path, forked ? "%s.%d" : "%s", env && *env ? env : "xenabi-trace.jsonl", (int)getpid());
    out_fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (out_fd < 0) { perror("xenabi-record: output"); return; }
    char *text = NULL;
    size_t text_len = 0;
    FILE *out = open_memstream(&text, &text_len);
    if (!out) return;
    char major[32], minor[32], extra[64], guest[32], cmd[1024], xen[160], date[16];
    read_small("/sys/hypervisor/version/major", major, sizeof major);
    read_small("/sys/hypervisor/version/minor", minor, sizeof minor);
    read_small("/sys/hypervisor/version/extra", extra, sizeof extra);
    read_small("/sys/hypervisor/guest_type", guest, sizeof guest);
    if (major[0]) snprintf(xen, sizeof xen, "%s.%s%s", major, minor, extra); else strcpy(xen, "unknown");
    for (char *g = guest; *g; g++) if (*g >= 'A' && *g <= 'Z') *g += 'a' - 'A';
    FILE *c = fopen("/proc/self/cmdline", "r");
    size_t n = c ? fread(cmd, 1, sizeof cmd - 1, c) : 0;
    if (c) fclose(c);
    while (n > 0 && cmd[n - 1] == 0) n--;
    for (size_t i = 0; i < n; i++) if (cmd[i] == 0) cmd[i] = ' ';
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
#if defined(__x86_64__)
    const char *arch = "x86_64";
#elif defined(__aarch64__)
    const char *arch = "aarch64";
#else
    const char *arch = "unknown";
#endif
    fprintf(out, "{\"format\": \"xen-hypercall-trace\", \"version\": 1, \"arch\": \"%s\", \"page_size\": %ld, \"xen\": ",
            arch, sysconf(_SC_PAGESIZE));
    put_json_string(out, xen, strlen(xen));
    fputs(", \"dom0\": ", out);
    put_json_string(out, guest[0] ? guest : "unknown", strlen(guest[0] ? guest : "unknown"));
    fputs(", \"tool\": ", out);
    put_json_string(out, cmd, n);
    fprintf(out, ", \"recorded\": \"%s\"}\n", date);
    fclose(out);
    write_all(text, text_len);
    free(text);
}

__attribute__((constructor)) static void recorder_init(void)
{
    pthread_atfork(NULL, NULL, atfork_child);
}

static int region_cmp(const void *a, const void *b)
{
    uintptr_t x = ((const struct region *)a)->addr, y = ((const struct region *)b)->addr;
    return x < y ? -1 : x > y;
}

static long record_hypercall(int fd, unsigned long request, privcmd_hypercall_t *hc)
{
    pthread_mutex_lock(&lock);
    inside = 1;
    if (out_fd < 0) open_output();
    struct region snap[MAX_REGIONS];
    int n = nregions;
    memcpy(snap, regions, sizeof(struct region) * (size_t)n);
    qsort(snap, (size_t)n, sizeof snap[0], region_cmp);
    unsigned char **before = calloc((size_t)n + 1, sizeof *before);
    for (int i = 0; i < n; i++) {
        before[i] = malloc(snap[i].len ? snap[i].len : 1);
        if (before[i]) memcpy(before[i], (void *)snap[i].addr, snap[i].len);
    }
    privcmd_hypercall_t call = *hc;
    long r = syscall(SYS_ioctl, fd, request, hc);
    int saved = errno;
    long ret = r < 0 ? -saved : r;
    char *text = NULL;
    size_t text_len = 0;
    FILE *out = out_fd >= 0 ? open_memstream(&text, &text_len) : NULL;
    if (out) {
        fprintf(out, "{\"seq\": %lu, \"op\": %llu, \"args\": [", seq, (unsigned long long)call.op);
        for (int a = 0; a < 5; a++) fprintf(out, "%s\"0x%llx\"", a ? ", " : "", (unsigned long long)call.arg[a]);
        fprintf(out, "], \"ret\": %ld, \"regions\": [", ret);
        for (int i = 0; i < n; i++) {
            fprintf(out, "%s{\"addr\": \"0x%lx\", \"len\": %zu, \"before\": \"", i ? ", " : "", (unsigned long)snap[i].addr, snap[i].len);
            if (before[i]) put_hex(out, before[i], snap[i].len);
            fputc('"', out);
            if (before[i] && memcmp(before[i], (void *)snap[i].addr, snap[i].len) != 0) {
                fputs(", \"after\": \"", out);
                put_hex(out, (const unsigned char *)snap[i].addr, snap[i].len);
                fputc('"', out);
            }
            fputc('}', out);
            free(before[i]);
        }
        fputs("]}\n", out);
        fclose(out);
        write_all(text, text_len);
    } else {
        for (int i = 0; i < n; i++) free(before[i]);
    }
    free(text);
    free(before);
    seq++;
    inside = 0;
    pthread_mutex_unlock(&lock);
    errno = saved;
    return r;
}

int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    if (request == IOCTL_PRIVCMD_HYPERCALL && !inside) {
        pthread_mutex_lock(&lock);
        int tracked = fd_in(privcmd_fds, nprivcmd, fd);
        pthread_mutex_unlock(&lock);
        if (tracked) return (int)record_hypercall(fd, request, arg);
    }
    return (int)syscall(SYS_ioctl, fd, request, arg);
}
