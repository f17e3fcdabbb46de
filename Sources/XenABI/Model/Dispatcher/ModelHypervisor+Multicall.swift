/// `do_multicall` (xen/common/multicall.c) in this ABI: entries run in
/// order, each in its own flavour; results are stored per entry; a
/// preempted batch continues from a start index kept in registers (the
/// third argument in a physical flavour; call_list and nr_calls advanced in
/// `linear`, as Xen does today). The call list is never rewritten except
/// for the `result` fields.
extension ModelHypervisor {
    func runMulticall(_ raw: RawHypercall, log: inout [AnyHypercall]) -> (Int64, RawHypercall?) {
        let f = raw.op.flavour
        let list = raw.args[0], n = raw.args[1]
        guard n <= UInt64(Multicall.maxEntries) else { return (XenErrno.EINVAL.returnValue, nil) }
        let start = f.isPhysical ? raw.args[2] : 0
        guard start <= n else { return (XenErrno.EINVAL.returnValue, nil) }
        let size = Int(n) * MulticallLayout.size
        let bytes: [UInt8]
        do throws(XenErrno) {
            bytes = try ModelResolver(domain, vcpu: vcpu).bytes(handle: list, flavour: f, count: size)
        } catch {
            return (error.returnValue, nil)
        }
        func word(_ k: Int, _ at: Int) -> UInt64 {
            bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: k * MulticallLayout.size + at, as: UInt64.self)) }
        }
        // A nested multicall anywhere fails the batch before anything runs.
        for k in Int(start) ..< Int(n) where HypercallNumber(rawValue: UInt16(word(k, MulticallLayout.op) & OpWord.numberMask)) == .multicall {
            return (XenErrno.EINVAL.returnValue, nil)
        }
        var ran = 0
        for k in Int(start) ..< Int(n) {
            if let budget = multicallBudget, ran >= budget {
                var args = raw.args
                if f.isPhysical {
                    args[2] = UInt64(k)
                } else {
                    args[0] = list &+ UInt64(k * MulticallLayout.size)
                    args[1] = n - UInt64(k)
                }
                return (0, RawHypercall(op: raw.op, args: args))
            }
            var entryArgs = HypercallArgs()
            for r in 0 ..< HypercallArgs.count { entryArgs[r] = word(k, MulticallLayout.args + 8 * r) }
            let result: Int64
            do throws(OpWordError) {
                let op = try OpWord(validating: word(k, MulticallLayout.op))
                if op.flavour.isPhysical && !physicalBuffers {
                    result = XenErrno.ENOSYS.returnValue
                } else {
                    result = runSingle(RawHypercall(op: op, args: entryArgs), log: &log)
                }
            } catch {
                result = error.errno.returnValue
            }
            do throws(XenErrno) {
                try withUnsafeBytes(of: UInt64(bitPattern: result).littleEndian) { (b) throws(XenErrno) in
                    try domain.copyToGuestOffset(list, flavour: f, offset: k * MulticallLayout.size + MulticallLayout.result, from: b, vcpu: vcpu)
                }
            } catch {
                return (error.returnValue, nil)
            }
            ran += 1
        }
        return (0, nil)
    }
}
