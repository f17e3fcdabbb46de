import XenABI

extension XenCall {
    /// One multicall entry after the batch ran.
    public struct EntryOutcome: Sendable {
        /// `multicall_entry.result`.
        public var result: Int64
        /// The entry encoded alone, with its outputs copied in (read them
        /// with `outputs(as:)`).
        public var call: EncodedCall
        /// The flavour it finally ran in.
        public var flavour: Flavour
    }

    /// Runs `calls` as one `__HYPERVISOR_multicall`. Each entry's op word
    /// carries the policy's flavour, which Xen reads itself; the multicall
    /// goes out in `linear`, so a hypervisor without the ABI still runs it
    /// and answers per entry, and the results say which entries ran.
    ///
    /// An entry's -ENOSYS is its own answer, except under `.assumeSupported`
    /// when the clean probe (`hypervisorLacksABI`) shows the hypervisor
    /// lacks the ABI: then no flavoured entry ran, and if every entry
    /// answered -ENOSYS the whole batch is re-sent once in `linear`. If some
    /// entries did run, nothing is re-sent (`multicallPartlyRan`): entries
    /// that ran must not run again, nor the others out of order.
    public func multicall(_ calls: [AnyHypercall]) throws(PrivcmdError) -> [EntryOutcome] {
        guard !calls.isEmpty else { return [] }
        let f = try currentFlavour()
        guard f.isPhysical else { return try runBatch(calls, flavour: f) }
        let outcomes: [EntryOutcome]
        do {
            outcomes = try runBatch(calls, flavour: f)
        } catch {
            // Placement failed before the ioctl: no entry ran.
            guard case .frameNumbersUnavailable(let why) = error else { throw error }
            recordFallback(FlavourFallback(flavour: f, reason: .frameNumbersUnavailable(why)))
            return try runBatch(calls, flavour: .linear)
        }
        let rejected = outcomes.indices.filter { outcomes[$0].result == XenErrno.ENOSYS.returnValue }
        guard let first = rejected.first, hypervisorLacksABI(f) else { return outcomes }
        recordFallback(FlavourFallback(flavour: f, reason: .hypervisorENOSYS(OpWord(calls[first].number, flavour: f))))
        guard rejected.count == calls.count else { throw .multicallPartlyRan(results: outcomes.map(\.result)) }
        return try runBatch(calls, flavour: .linear)
    }

    func runBatch(_ calls: [AnyHypercall], flavour: Flavour) throws(PrivcmdError) -> [EntryOutcome] {
        var batch = Multicall(calls.map { Multicall.Entry($0, flavour: flavour) }).encoded
        batch.setFlavour(.linear, ofOwner: 0)
        let r = try issue(&batch)
        let results: [Int64]
        do throws(DecodeError) { results = try Multicall.outputs(of: batch, result: r) } catch { throw .outputs(error) }
        var out: [EntryOutcome] = []
        out.reserveCapacity(calls.count)
        for (k, c) in calls.enumerated() {
            var alone = Multicall.entryCall(k, in: batch, as: c) ?? c.encoded
            alone.setFlavour(flavour, ofOwner: 0)
            out.append(EntryOutcome(result: results[k], call: alone, flavour: flavour))
        }
        return out
    }
}
