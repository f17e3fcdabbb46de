import XenABI
import CXen

/// `do_xen_version` (xen/common/kernel.c), with the model's values.
extension ModelHypervisor {
    func xenVersion(_ v: XenVersion, _ raw: RawHypercall, _ out: inout OutputBatch) throws(XenErrno) -> Int64 {
        let h = raw.args[1], f = raw.op.flavour
        switch v {
        case .version: return Int64(info.major << 16 | info.minor)
        // Only with a null handle (0, or ~0 in a physical flavour): -EINVAL otherwise.
        case .pagesize: return f.isNull(h) ? 4096 : XenErrno.EINVAL.returnValue
        case .extraversion:
            try Self.writeCString(info.extraversion, size: MemoryLayout<xen_extraversion_t>.size, handle: h, flavour: f, domain: domain, vcpu: vcpu)
        case .compileInfo:
            var b = [UInt8](repeating: 0, count: MemoryLayout<xen_compile_info_t>.size)
            let fields = [(XenVersionOutputLayout.compiler, XenVersionOutputLayout.compileBy, info.compiler),
                          (XenVersionOutputLayout.compileBy, XenVersionOutputLayout.compileDomain, info.compileBy),
                          (XenVersionOutputLayout.compileDomain, XenVersionOutputLayout.compileDate, info.compileDomain),
                          (XenVersionOutputLayout.compileDate, b.count, info.compileDate)]
            for (start, end, s) in fields { b.replaceSubrange(start ..< end, with: cString(s, size: end - start)) }
            out.write(b, handle: h, flavour: f)
        case .capabilities:
            try Self.writeCString(info.capabilities, size: MemoryLayout<xen_capabilities_info_t>.size, handle: h, flavour: f, domain: domain, vcpu: vcpu)
        case .changeset:
            try Self.writeCString(info.changeset, size: MemoryLayout<xen_changeset_info_t>.size, handle: h, flavour: f, domain: domain, vcpu: vcpu)
        case .commandline:
            try Self.writeCString(info.commandline, size: MemoryLayout<xen_commandline_t>.size, handle: h, flavour: f, domain: domain, vcpu: vcpu)
        case .platformParameters:
            out.write(withUnsafeBytes(of: info.virtStart.littleEndian) { Array($0) }, handle: h, flavour: f, offset: XenVersionOutputLayout.virtStart)
        case .guestHandle:
            out.write(info.domainHandle, handle: h, flavour: f)
        case .getFeatures(let submap):
            // Submap 0: XENFEAT_hvm_callback_vector-style basics plus this ABI's bit.
            var bits: UInt32 = 0
            if submap == 0 {
                bits = 1 << UInt32(XENFEAT_writable_page_tables) | 1 << UInt32(XENFEAT_hvm_callback_vector)
                if physicalBuffers { bits |= 1 << UInt32(XENFEAT_hcall_phys_buffers) }
            }
            out.write(withUnsafeBytes(of: bits.littleEndian) { Array($0) }, handle: h, flavour: f, offset: XenVersionOutputLayout.featureSubmap)
        case .buildID(let len):
            let sz = Int64(info.buildID.count)
            if len == 0 { return sz }
            if Int(len) < info.buildID.count { return XenErrno.ENOBUFS.returnValue }
            out.write(info.buildID, handle: h, flavour: f, offset: XenVersionOutputLayout.buildIDBuf)
            return sz
        }
        return 0
    }

    /// Writes `s` as a NUL-padded C string of exactly `size` bytes (as
    /// `cString`) to the buffer `handle` names, from the stack: no array
    /// per call. The call's only output, so writing it here rather than
    /// through the `OutputBatch` writes the same bytes in the same order.
    /// Static, with everything it needs passed borrowed: a closure over
    /// `self` copies the whole hypervisor struct (a dozen strings and arrays
    /// retained, then released), and a local copy of the domain or the
    /// string costs a retain and a release of its own.
    static func writeCString(_ s: borrowing String, size: Int, handle: UInt64, flavour: Flavour,
                             domain: borrowing ModelDomain, vcpu: Int) throws(XenErrno) {
        // `withUTF8` on a copy: a small string (the usual extraversion)
        // has no contiguous storage to borrow; its copy is on the stack.
        var s = copy s
        try withUnsafeTemporaryAllocation(byteCount: size, alignment: 8) { (b) throws(XenErrno) in
            let n = s.withUTF8 { u in
                let n = min(u.count, max(0, size - 1))
                if n > 0 { b.baseAddress!.copyMemory(from: u.baseAddress!, byteCount: n) }
                return n
            }
            (b.baseAddress! + n).initializeMemory(as: UInt8.self, repeating: 0, count: size - n)
            try domain.copyToGuest(handle, flavour: flavour, from: UnsafeRawBufferPointer(b), vcpu: vcpu)
        }
    }
}
