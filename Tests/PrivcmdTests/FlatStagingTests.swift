// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
import GuestPlacement
import Testing
import CXen
@_spi(Testing) @testable import Privcmd
import XenABI

/// A `flat` buffer of several pages needs consecutive GFNs, which
/// `/dev/xen/hypercall` does not promise: XenCall maps twice the pages and
/// takes the first window on consecutive frames, up to
/// `XenCall.flatStagingAttempts` mappings.
@Suite("flat staging on consecutive GFNs")
struct FlatStagingTests {
    /// Frames consecutive in runs of 3 pages, an outlier every 4th: a 3-page
    /// region mapped anywhere hits a run only 1 time in 4; the staging mapping,
    /// 3 + flatStagingSlack pages, always holds one.
    static let base: UInt64 = 0x200000
    static func frame(_ vpn: Int) -> UInt64 { vpn % 4 == 3 ? base + UInt64(vpn) + 1_000_000 : base + UInt64(vpn) }

    @Test("a 3-page flat buffer lands on a window of consecutive frames, and Xen would read the bytes sent there")
    func windowFound() throws {
        let k = FakeKernel()
        k.pinPool()
        k.pagemap = { vpn in (1 << 63) | Self.frame(vpn) }
        let text = (0 ..< 3 * 4096 - 9).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        var seen: [UInt8] = []
        var handle: UInt64 = 0
        k.answer(features: Feature.translated) { h in
            handle = h.arg.2
            // Inverse of frame(_:) for the consecutive pages.
            let vpn = Int((handle >> 12) - Self.base)
            let pages = (0 ..< 3).map { Self.frame(vpn + $0) }
            guard pages == [handle >> 12, (handle >> 12) + 1, (handle >> 12) + 2] else { return .failure(.invalidArgument) }
            seen = Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(vpn) << 12), count: Int(h.arg.1)))
            return .value(0)
        }
        _ = try k.run { () throws in try XenCall(policy: .assumeSupported(.flat)).send(ConsoleIO.write(text)) }
        #expect(handle & 0xfff == 0)
        #expect(seen == text)
    }

    @Test("no window on consecutive frames: PrivcmdError.placement(.descriptor(buffer: 0, .notContiguous)) after flatStagingAttempts mappings, no ioctl")
    func noWindow() throws {
        let k = FakeKernel()
        k.pinPool()
        k.pagemap = { vpn in (1 << 63) | (Self.base + 2 * UInt64(vpn)) }
        var ioctls = 0, mappings = 0
        k.answer(features: Feature.translated) { _ in ioctls += 1; return .value(0) }
        let inner = k.mock.handler
        k.mock.handler = { call in
            if case .mmap(let length, _, _, _, _) = call, length == (3 + XenCall.flatStagingSlack) * 4096 { mappings += 1 }
            return inner(call)
        }
        let text = [UInt8](repeating: 1, count: 3 * 4096)
        #expect(throws: PrivcmdError.placement(.descriptor(buffer: 0, .notContiguous))) {
            try k.run { () throws in try XenCall(policy: .assumeSupported(.flat)).send(ConsoleIO.write(text)) }
        }
        #expect(mappings == XenCall.flatStagingAttempts)
        #expect(ioctls == 0)
    }
}
#endif
