// Drives the mock syscalls, which exist only with ENABLE_MOCKING (debug builds).
#if ENABLE_MOCKING
#if canImport(Glibc)
import Glibc
#endif
import CXen
import Testing
@_spi(Testing) @testable import Privcmd
import ScatterGather
import XenABI

/// A fake Xen behind the fake privcmd: answers xen_version for linear
/// handles (reading and writing process memory directly), -ENOSYS for any
/// op word with flavour bits unless it has the ABI (`abi`: then it runs
/// them as linear, so give such calls no buffer), and runs multicalls
/// entry by entry.
final class FakeXen: @unchecked Sendable {
    var features: UInt32 = 0
    var opsSeen: [UInt64] = []
    /// Registers of each top-level call, in order.
    var argsSeen: [[UInt64]] = []
    var refuseLargeOps = false  // an old privcmd's hypercall-page bound (-EINVAL for op >= 128)
    /// Whether flavoured op words are understood (top level).
    var abi = false
    /// Whether flavoured entries are understood inside a multicall (nil: as `abi`).
    var abiInMulticall: Bool?

    func install(on k: FakeKernel) {
        k.ioctl = { req, arg in
            guard req == ioctlHypercall else { return .failure(.notTTY) }
            let h = hypercallArgument(arg)
            self.opsSeen.append(h.op)
            self.argsSeen.append([h.arg.0, h.arg.1, h.arg.2, h.arg.3, h.arg.4])
            if self.refuseLargeOps && h.op >= 128 { return .failure(.invalidArgument) }
            let r = self.run(op: h.op, [h.arg.0, h.arg.1, h.arg.2, h.arg.3, h.arg.4], inMulticall: false)
            return r < 0 ? .failure(Errno(rawValue: Int32(-r))) : .value(Int(r))
        }
    }

    func run(op: UInt64, _ a: [UInt64], inMulticall: Bool) -> Int64 {
        if op >> 12 != 0 && !(inMulticall ? abiInMulticall ?? abi : abi) { return XenErrno.ENOSYS.returnValue }
        switch HypercallNumber(rawValue: UInt16(op & 0xfff)) {
        case .xen_version:
            let p = UnsafeMutableRawPointer(bitPattern: UInt(a[1]))
            switch Int32(a[0]) {
            case XENVER_version: return 0x40011
            case XENVER_extraversion:
                guard let p else { return XenErrno.EFAULT.returnValue }
                for (i, c) in ".7\0".utf8.enumerated() { p.storeBytes(of: c, toByteOffset: i, as: UInt8.self) }
                return 0
            case XENVER_get_features:
                guard let p else { return XenErrno.EFAULT.returnValue }
                guard p.load(as: UInt32.self) == 0 else { return XenErrno.EINVAL.returnValue }
                p.storeBytes(of: features, toByteOffset: 4, as: UInt32.self)
                return 0
            default: return XenErrno.ENOSYS.returnValue
            }
        case .multicall:
            let list = UnsafeMutableRawPointer(bitPattern: UInt(a[0]))!
            for i in 0 ..< Int(a[1]) {
                let e = list + i * MulticallLayout.size
                let args = (0 ..< 5).map { e.load(fromByteOffset: MulticallLayout.args + 8 * $0, as: UInt64.self) }
                let r = run(op: e.load(fromByteOffset: MulticallLayout.op, as: UInt64.self), args, inMulticall: true)
                e.storeBytes(of: UInt64(bitPattern: r), toByteOffset: MulticallLayout.result, as: UInt64.self)
            }
            return 0
        default:
            return XenErrno.ENOSYS.returnValue
        }
    }
}

@Suite("sending encoded calls")
struct XenCallTests {
    func setUp(_ policy: FlavourPolicy) -> (FakeKernel, FakeXen) {
        let k = FakeKernel()
        let x = FakeXen()
        x.install(on: k)
        return (k, x)
    }

    @Test("a call without buffers goes straight to the ioctl")
    func noBuffers() throws {
        let (k, x) = setUp(.linear)
        let r = try k.run { () throws in try XenCall(policy: .linear).send(XenVersion.version).result }
        #expect(r == 0x40011)
        #expect(x.opsSeen == [UInt64(HypercallNumber.xen_version.rawValue)])
    }

    @Test("outputs are staged in pool memory and copied back into the call")
    func outputs() throws {
        let (k, _) = setUp(.linear)
        let c = try k.run { () throws in try XenCall(policy: .linear).send(XenVersion.extraversion).call }
        #expect(try XenVersion.StringQuery.outputs(of: c, result: 0) == ".7")
        // The handle written is a pool address, not 0.
        #expect(c.handle(of: 0) != 0 && c.handle(of: 0) % 8 == 0)
    }

    @Test("automatic policy: feature bit clear -> linear, probed once, fallback recorded")
    func probeAbsent() throws {
        let (k, x) = setUp(.automatic(.tagged))
        let xc = try k.run { () throws in
            let xc = try XenCall(policy: .automatic(.tagged))
            #expect(try xc.send(XenVersion.version).result == 0x40011)
            #expect(try xc.send(XenVersion.version).result == 0x40011)
            return xc
        }
        #expect(x.opsSeen.count == 3)  // one probe, two calls
        #expect(x.opsSeen.allSatisfy { $0 >> 12 == 0 })
        #expect(xc.fallbacks == [FlavourFallback(flavour: .tagged, reason: .featureAbsent)])
    }

    @Test("automatic policy: feature bits 21 and 2 set, pool pinned -> the flavour is used")
    func probePresent() throws {
        let (k, x) = setUp(.automatic(.flat))
        k.pinPool()
        x.features = Feature.both
        _ = try? k.run { () throws in try XenCall(policy: .automatic(.flat)).send(XenVersion.version) }
        // After the probe, the call goes out flat (this fake then says -ENOSYS).
        #expect(x.opsSeen.count >= 2 && x.opsSeen[1] == UInt64(HypercallNumber.xen_version.rawValue) | 1 << 12)
    }

    @Test("assumed flavour answered -ENOSYS: re-sent in linear, remembered, logged")
    func enosysFallback() throws {
        let (k, x) = setUp(.assumeSupported(.flat))
        k.pinPool()
        x.features = Feature.translated
        let logged = LogBox()
        let xc = try k.run { () throws in
            let xc = try XenCall(policy: .assumeSupported(.flat), log: { logged.add($0) })
            #expect(try xc.send(XenVersion.version).result == 0x40011)
            #expect(try xc.send(XenVersion.version).result == 0x40011)
            return xc
        }
        let v = UInt64(HypercallNumber.xen_version.rawValue)
        // The translation probe, the call, the clean probe, the re-send, the second call.
        #expect(x.opsSeen == [v, v | 1 << 12, v | 1 << 12, v, v])
        #expect(x.argsSeen[2] == [0, 0, 0, 0, 0])
        #expect(xc.fallbacks.map(\.reason) == [.hypervisorENOSYS(OpWord(.xen_version, flavour: .flat))])
        #expect(logged.lines.count == 1 && logged.lines[0].contains("-ENOSYS"))
    }

    @Test("-EINVAL for an op word >= 128 is the call's own error: thrown, not re-sent, no fallback")
    func einvalNotFallback() throws {
        let (k, x) = setUp(.assumeSupported(.gfnList))
        k.pinPool()
        x.features = Feature.translated
        x.refuseLargeOps = true
        let xc = try k.run { () throws in
            let xc = try XenCall(policy: .assumeSupported(.gfnList))
            #expect(throws: PrivcmdError.hypercall(.EINVAL)) { try xc.send(XenVersion.version) }
            return xc
        }
        let v = UInt64(HypercallNumber.xen_version.rawValue)
        #expect(x.opsSeen == [v, v | 2 << 12])
        #expect(xc.fallbacks.isEmpty)
    }

    @Test("multicall: each entry's result; every entry -ENOSYS and the clean probe -ENOSYS: the whole batch once more in linear")
    func multicall() throws {
        let (k, x) = setUp(.linear)
        let calls: [AnyHypercall] = [.xenVersion(.version), .xenVersion(.extraversion), .xenVersion(.version)]
        let out = try k.run { () throws in try XenCall(policy: .linear).multicall(calls) }
        #expect(out.map(\.result) == [0x40011, 0, 0x40011])
        #expect(try out[1].outputs(as: XenVersion.StringQuery.self) == ".7")
        #expect(x.opsSeen.count == 1)

        let (k2, x2) = setUp(.assumeSupported(.flat))
        k2.pinPool()
        x2.features = Feature.translated
        k2.pagemap = { vpn in (1 << 63) | UInt64(vpn) }
        let (out2, xc) = try k2.run { () throws in
            let xc = try XenCall(policy: .assumeSupported(.flat))
            return (try xc.multicall(calls), xc)
        }
        #expect(out2.map(\.result) == [0x40011, 0, 0x40011])
        #expect(out2.map(\.flavour) == [.linear, .linear, .linear])
        #expect(try out2[1].outputs(as: XenVersion.StringQuery.self) == ".7")
        let mc = UInt64(HypercallNumber.multicall.rawValue), v = UInt64(HypercallNumber.xen_version.rawValue)
        #expect(x2.opsSeen == [v, mc, v | 1 << 12, mc])
        #expect(xc.fallbacks.count == 1)
    }

    @Test("physical placement: gfnList handle is a list page with offset 0 and the data frames")
    func physicalHandles() throws {
        let k = FakeKernel()
        k.pinPool()
        let frameBase: UInt64 = 0x80000
        k.pagemap = { vpn in (1 << 63) | (frameBase + UInt64(vpn)) }
        var list: [UInt64] = []
        var dataVPN: UInt64 = 0
        var handle: UInt64 = 0
        k.answer(features: Feature.translated) { h in
            handle = h.arg.1
            let listVA = UnsafeMutableRawPointer(bitPattern: UInt((h.arg.1 - frameBase * 4096) & ~0xfff))!
            list = (0 ..< 2).map { listVA.load(fromByteOffset: 8 * $0, as: UInt64.self) }
            dataVPN = list[1] - frameBase
            return .value(0)
        }
        let xc = try k.run { () throws in
            let xc = try XenCall(policy: .assumeSupported(.gfnList))
            _ = try xc.send(XenVersion.extraversion)
            return xc
        }
        #expect(list[0] == 0)
        #expect(handle & 0xfff == 0)
        #expect(dataVPN != 0 && dataVPN != (handle >> 12) - frameBase)
        #expect(!xc.fellBackToLinear)

        // tagged: a one-page buffer is a flat descriptor (tag 0) at its frame.
        k.answer(features: Feature.translated) { h in handle = h.arg.1; return .value(0) }
        _ = try k.run { () throws in try XenCall(policy: .assumeSupported(.tagged)).send(XenVersion.extraversion) }
        #expect(handle & 3 == 0 && handle >> 12 >= frameBase)
    }

    @Test("physical placement resolves through SGWalker to the bytes sent: one-level and two-level lists, scattered frames", arguments: [
        (Flavour.gfnList, 3), (.tagged, 3), (.tagged, 511), (.tagged, 512), (.tagged, 1300),
    ])
    func physicalListsWalk(flavour: Flavour, pages: Int) throws {
        let k = FakeKernel()
        k.pinPool()
        // Every other frame: no two pages are contiguous, so tagged needs a list.
        let frameBase: UInt64 = 0x100000
        k.pagemap = { vpn in (1 << 63) | (frameBase + 2 * UInt64(vpn)) }
        let memory = PagemapMemory(frameBase: frameBase)
        let text = (0 ..< pages * 4096 - 5).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 12) }
        var seen: [UInt8] = []
        var handle: UInt64 = 0
        k.answer(features: Feature.translated) { h in
            handle = h.arg.2
            do {
                try SGWalker.walk(handle: handle, flavour: flavour.sgFlavour!, offset: 0, length: h.arg.1, memory: memory) { gpa, n in
                    seen += UnsafeRawBufferPointer(start: memory.pointer(gpa), count: n)
                    return true
                }
            } catch {
                return .failure(.invalidArgument)
            }
            return .value(0)
        }
        _ = try k.run { () throws in try XenCall(policy: .assumeSupported(flavour)).send(ConsoleIO.write(text)) }
        #expect(seen == text)
        let tag = handle & 3
        #expect(flavour == .gfnList ? tag == 0 : tag == (pages <= 511 ? 1 : 2), "handle 0x\(String(handle, radix: 16))")
    }

    @Test("a buffer no descriptor of the flavour reaches sends its owner linear (FlavourTransform's one fallback policy), with the bytes intact")
    func physicalTooLarge() throws {
        let k = FakeKernel()
        k.pinPool()
        k.pagemap = { vpn in (1 << 63) | (0x100000 + 2 * UInt64(vpn)) }
        var ops: [UInt64] = []
        var handle: UInt64 = 0
        k.answer(features: Feature.translated) { h in ops.append(h.op); handle = h.arg.2; return .value(0) }
        let text = [UInt8](repeating: 7, count: 512 * 4096)  // 512 pages: one more than a gfnList reaches
        let (_, call) = try k.run { () throws in try XenCall(policy: .assumeSupported(.gfnList)).send(ConsoleIO.write(text)) }
        #expect(ops == [OpWord(.console_io, flavour: .linear).rawValue])
        #expect(call.op.flavour == .linear)
        #expect(handle >= 0x1000 && handle & 0xfff == 0, "a pool VA, not a descriptor: 0x\(String(handle, radix: 16))")
    }

    @Test("physical flavour without readable frames falls back to linear")
    func noFrames() throws {
        let (k, x) = setUp(.assumeSupported(.flat))
        k.pinPool()
        x.features = Feature.translated
        k.pagemap = { _ in 1 << 63 }  // PFN hidden
        let (c, xc) = try k.run { () throws in
            let xc = try XenCall(policy: .assumeSupported(.flat))
            return (try xc.send(XenVersion.StringQuery.extraversion), xc)
        }
        #expect(c == ".7")
        #expect(xc.fallbacks.count == 1)
    }
}

final class LogBox: @unchecked Sendable {
    var lines: [String] = []
    func add(_ s: String) { lines.append(s) }
}

/// Process memory seen as guest-physical memory through the fake pagemap
/// (frame = `frameBase` + 2 x virtual page number), so `SGWalker` can
/// resolve the descriptors `XenCall` builds exactly as the hypervisor would.
struct PagemapMemory: SGMemory {
    let frameBase: UInt64
    var frameLimit: UInt64 { .max >> 12 }
    func pointer(_ gpa: UInt64) -> UnsafeMutableRawPointer {
        let frame = gpa >> 12
        precondition(frame >= frameBase && (frame - frameBase) % 2 == 0, "not a frame the fake pagemap gave")
        return UnsafeMutableRawPointer(bitPattern: UInt((frame - frameBase) / 2) << 12 | UInt(gpa & 0xfff))!
    }
    func listWord(at gpa: UInt64) -> UInt64? {
        let frame = gpa >> 12
        guard frame >= frameBase, (frame - frameBase) % 2 == 0 else { return nil }
        return UInt64(littleEndian: pointer(gpa).load(as: UInt64.self))
    }
}
#endif
