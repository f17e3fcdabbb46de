import XenABI

extension XenCall {
    /// One multicall entry after the batch ran.
    public struct EntryOutcome: Sendable {
        /// `multicall_entry.result`.
        public var result: Int64
        /// The entry encoded alone, with its outputs copied in (read it with
        /// the entry type's result helpers, e.g. `XenVersion.string(from:)`).
        public var call: EncodedCall
        /// The flavour it finally ran in.
        public var flavour: Flavour
    }

    /// Runs `calls` as one `__HYPERVISOR_multicall`. The multicall itself
    /// goes out in `linear` (privcmd passes only op words < 128); each
    /// entry's op word carries the policy's flavour, which Xen reads itself.
    /// Entries in a physical flavour answered -ENOSYS did nothing: they are
    /// run again, in `linear`, in a second batch (in their order, after the
    /// rest of the first), and `linear` is used from then on.
    public func multicall(_ calls: [AnyHypercall]) throws(PrivcmdError) -> [EntryOutcome] {
        guard !calls.isEmpty else { return [] }
        let f = try currentFlavour()
        guard f.isPhysical else { return try runBatch(calls, flavour: f) }
        var outcomes: [EntryOutcome]
        do {
            outcomes = try runBatch(calls, flavour: f)
        } catch {
            guard case .frameNumbersUnavailable(let why) = error else { throw error }
            recordFallback(FlavourFallback(flavour: f, reason: .frameNumbersUnavailable(why)))
            return try runBatch(calls, flavour: .linear)
        }
        let rejected = outcomes.indices.filter { outcomes[$0].result == XenErrno.ENOSYS.returnValue }
        guard !rejected.isEmpty else { return outcomes }
        recordFallback(FlavourFallback(flavour: f, reason: .hypervisorENOSYS(OpWord(calls[rejected[0]].number, flavour: f))))
        let again = try runBatch(rejected.map { calls[$0] }, flavour: .linear)
        for (k, i) in rejected.enumerated() { outcomes[i] = again[k] }
        return outcomes
    }

    func runBatch(_ calls: [AnyHypercall], flavour: Flavour) throws(PrivcmdError) -> [EntryOutcome] {
        var batch = Multicall(calls.map { Multicall.Entry($0, flavour: flavour) }).encoded
        batch.setFlavour(.linear, ofOwner: 0)
        _ = try issue(&batch)
        var out: [EntryOutcome] = []
        out.reserveCapacity(calls.count)
        for (k, c) in calls.enumerated() {
            var alone = c.encoded
            var j = 0
            for (i, b) in batch.buffers.enumerated() where b.owner == k + 1 {
                if !b.isNull, b.size > 0, j < alone.buffers.count, alone.buffers[j].size == b.size {
                    batch.bytes(of: i).withUnsafeBytes { alone.replaceBytes(of: j, with: $0) }
                }
                j += 1
            }
            alone.setFlavour(flavour, ofOwner: 0)
            out.append(EntryOutcome(result: Multicall.result(of: k, in: batch), call: alone, flavour: flavour))
        }
        return out
    }
}
