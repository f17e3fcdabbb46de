import XenABI
/// `do_multicall` (xen/common/multicall.c) in this ABI. Entry i is read
/// (one `multicall_entry`, once), run in its own op word's flavour, and its
/// `result` written, before entry i + 1 is read: an entry sees what the
/// entries before it wrote. An entry that fails (a reserved op-word bit,
/// a nested multicall: `-EINVAL`, `_MCSF_in_multicall`) fails alone; the
/// batch fails, `-EFAULT`, only when an entry cannot be read or its result
/// not written.
///
/// A preempted batch continues as Xen's does: in `linear` `call_list`
/// advanced past the entries done and `nr_calls` reduced by as many; in
/// every physical flavour the same `call_list` and `nr_calls` with the
/// index of the next entry in the third argument (`multicall_by_index()`,
/// patch 0009; section 5). An entry preempted in
/// turn has its continuation copied into its slot of the list (its op word
/// as the guest wrote it, `result` the value `hypercall_create_continuation`
/// returned, the re-issued arguments) and the batch continues at it.
extension ModelHypervisor {
    func runMulticall(_ raw: RawHypercall, log: inout [AnyHypercall]) -> (Int64, RawHypercall?) {
        let f = raw.op.flavour
        let list = raw.args[0]
        // do_multicall takes `uint32_t nr_calls`.
        let n = UInt64(UInt32(truncatingIfNeeded: raw.args[1]))
        guard n <= UInt64(Multicall.maxEntries) else { return (XenErrno.EINVAL.returnValue, nil) }
        let start = f.isPhysical ? UInt64(UInt32(truncatingIfNeeded: raw.args[2])) : 0
        guard start <= n else { return (XenErrno.EINVAL.returnValue, nil) }
        let size = MulticallLayout.size
        var k = start
        while k < n {
            // `if ( i && hypercall_preempt_check() )`: one entry at least.
            if k != start, let budget = multicallBudget, k - start >= UInt64(max(budget, 1)) { break }
            let at = Int(k) * size
            var entry = MulticallEntryBytes()
            do throws(XenErrno) {
                try entry.withBytes { (b) throws(XenErrno) in try domain.copyFromGuestOffset(list, flavour: f, offset: at, into: b, vcpu: vcpu) }
            } catch {
                return (XenErrno.EFAULT.returnValue, nil)
            }
            let (result, cont) = runEntry(entry, log: &log)
            entry[MulticallLayout.result] = UInt64(bitPattern: result)
            do throws(XenErrno) {
                try entry.withBytes(MulticallLayout.result, 8) { (b) throws(XenErrno) in
                    try domain.copyToGuestOffset(list, flavour: f, offset: at + MulticallLayout.result, from: UnsafeRawBufferPointer(b), vcpu: vcpu)
                }
                if let cont {
                    for r in 0 ..< HypercallArgs.count { entry[MulticallLayout.args + 8 * r] = cont.args[r] }
                    try entry.withBytes { (b) throws(XenErrno) in
                        try domain.copyToGuestOffset(list, flavour: f, offset: at, from: UnsafeRawBufferPointer(b), vcpu: vcpu)
                    }
                }
            } catch {
                return (XenErrno.EFAULT.returnValue, nil)
            }
            // A preempted entry: the batch continues at it.
            if cont != nil { break }
            k += 1
        }
        guard k < n else { return (0, nil) }
        var args = raw.args
        if f.isPhysical {
            args[2] = k
        } else {
            args[0] = list &+ (k - start) * UInt64(size)
            args[1] = n - k
        }
        return (Int64(raw.op.rawValue), RawHypercall(op: raw.op, args: args))
    }

    /// One entry, as `hvm_do_multicall_call` runs it: its result (the
    /// errno when its op word is refused) and its continuation if preempted.
    func runEntry(_ entry: MulticallEntryBytes, log: inout [AnyHypercall]) -> (Int64, RawHypercall?) {
        let op: OpWord
        do throws(OpWordError) { op = try OpWord(validating: entry[MulticallLayout.op]) } catch {
            return (error.errno.returnValue, nil)
        }
        if op.flavour.isPhysical && !physicalBuffers { return (XenErrno.ENOSYS.returnValue, nil) }
        if let e = Self.flavourRefusal(op, cmd: entry[MulticallLayout.args]) { return (e.returnValue, nil) }
        // do_multicall entered again: `_MCSF_in_multicall` is set.
        if op.number == .multicall { return (XenErrno.EINVAL.returnValue, nil) }
        var args = HypercallArgs()
        for r in 0 ..< HypercallArgs.count { args[r] = entry[MulticallLayout.args + 8 * r] }
        return runCall(RawHypercall(op: op, args: args), log: &log)
    }
}

/// One `multicall_entry` as read from the guest: 64 bytes on the stack.
struct MulticallEntryBytes {
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    /// The little-endian word at byte `offset` (a multiple of 8).
    subscript(offset: Int) -> UInt64 {
        get { withUnsafeBytes(of: words) { UInt64(littleEndian: $0.load(fromByteOffset: offset, as: UInt64.self)) } }
        set { withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: newValue.littleEndian, toByteOffset: offset, as: UInt64.self) } }
    }

    /// `body` over bytes [offset, offset + count) of the entry.
    mutating func withBytes<R>(_ offset: Int = 0, _ count: Int = MulticallLayout.size,
                               _ body: (UnsafeMutableRawBufferPointer) throws(XenErrno) -> R) throws(XenErrno) -> R {
        try withUnsafeMutableBytes(of: &words) { (b) throws(XenErrno) -> R in
            try body(UnsafeMutableRawBufferPointer(rebasing: b[offset ..< offset + count]))
        }
    }
}
