#if canImport(Glibc)
import Glibc
#endif
import CXen

// One internal funnel per syscall (swift-system's `system_*` pattern): the
// module calls nothing else, so a build with ENABLE_MOCKING (debug builds,
// Package.swift) can route every syscall to a mock (`MockSyscalls`) and unit
// tests run without Xen. Without it the funnels are the bare syscalls.

@usableFromInline
func system_open(_ path: String, _ flags: Int32) -> Int32 {
    #if ENABLE_MOCKING
    if let m = MockSyscalls.current { return Int32(m.answer(.open(path: path, flags: flags))) }
    #endif
    return open(path, flags)
}

@usableFromInline
func system_close(_ fd: Int32) -> Int32 {
    #if ENABLE_MOCKING
    if let m = MockSyscalls.current { return Int32(m.answer(.close(fd: fd))) }
    #endif
    return close(fd)
}

@usableFromInline
func system_ioctl(_ fd: Int32, _ request: UInt, _ arg: UnsafeMutableRawPointer?) -> Int32 {
    #if ENABLE_MOCKING
    if let m = MockSyscalls.current { return Int32(truncatingIfNeeded: m.answer(.ioctl(fd: fd, request: request, arg: arg))) }
    #endif
    return xenabi_ioctl(fd, request, arg)
}

@usableFromInline
func system_mmap(_ length: Int, _ prot: Int32, _ flags: Int32, _ fd: Int32, _ offset: Int) -> UnsafeMutableRawPointer? {
    #if ENABLE_MOCKING
    if let m = MockSyscalls.current {
        let r = m.answer(.mmap(length: length, prot: prot, flags: flags, fd: fd, offset: offset))
        return r == -1 ? nil : UnsafeMutableRawPointer(bitPattern: r)
    }
    #endif
    let p = mmap(nil, length, prot, flags, fd, off_t(offset))
    return p == MAP_FAILED ? nil : p
}

@usableFromInline
func system_munmap(_ address: UnsafeMutableRawPointer, _ length: Int) -> Int32 {
    #if ENABLE_MOCKING
    if let m = MockSyscalls.current { return Int32(m.answer(.munmap(address: address, length: length))) }
    #endif
    return munmap(address, length)
}

@usableFromInline
func system_madvise(_ address: UnsafeMutableRawPointer, _ length: Int, _ advice: Int32) -> Int32 {
    #if ENABLE_MOCKING
    if let m = MockSyscalls.current { return Int32(m.answer(.madvise(address: address, length: length, advice: advice))) }
    #endif
    return madvise(address, length, advice)
}

@usableFromInline
func system_pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int {
    #if ENABLE_MOCKING
    if let m = MockSyscalls.current { return m.answer(.pread(fd: fd, buffer: buffer, count: count, offset: offset)) }
    #endif
    return pread(fd, buffer, count, off_t(offset))
}

@usableFromInline
func system_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if ENABLE_MOCKING
    if let m = MockSyscalls.current { return m.answer(.read(fd: fd, buffer: buffer, count: count)) }
    #endif
    return read(fd, buffer, count)
}

@usableFromInline
func system_write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if ENABLE_MOCKING
    if let m = MockSyscalls.current { return m.answer(.write(fd: fd, buffer: buffer, count: count)) }
    #endif
    return write(fd, buffer, count)
}

/// `errno` after a failed funnel call.
@usableFromInline
var system_errno: Errno { Errno(rawValue: errno) }
