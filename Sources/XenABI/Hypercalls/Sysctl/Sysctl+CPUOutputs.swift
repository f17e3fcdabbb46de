import CXen

/// The CPU sysctls as typed calls with typed outputs (libxc's
/// `xc_cputopoinfo`, `xc_get_system_cpu_policy`).
extension Sysctl {
    /// `XEN_SYSCTL_cputopoinfo`: room for `numCPUs` entries (0: a null
    /// handle, the count only).
    public struct CPUTopologyQuery: HypercallOutputs, Hashable {
        /// `num_cpus` in: the array's room.
        public var numCPUs: UInt32
        /// Asks with room for `numCPUs` entries.
        public init(numCPUs: UInt32 = 0) { self.numCPUs = numCPUs }
        public func encode(into call: inout EncodedCall) {
            Sysctl(.cputopoinfo(numCPUs: numCPUs, cputopo: numCPUs == 0 ? .null : .buffer)).encode(into: &call)
        }
        /// `num_cpus` out, and with an array its first `num_cpus` entries
        /// (more than the array holds is `.outOfBounds`).
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> CPUTopology {
            typealias L = SysctlLayout
            let r = OutputReader(call, location: "sysctl.cputopoinfo")
            let n = try r.load(UInt32.self, buffer: 0, at: L.u + L.ctNum, "num_cpus")
            guard try !r.buffer(1, "cputopo").isNull else { return CPUTopology(numCPUs: n, cpus: []) }
            try r.checkArray(buffer: 1, count: UInt64(n), stride: L.cputopoSize, "num_cpus")
            var cpus: [CPUTopology.CPU] = []
            for i in 0 ..< Int(n) {
                let o = i * L.cputopoSize
                cpus.append(CPUTopology.CPU(core: try r.load(UInt32.self, buffer: 1, at: o + CPUTopology.core, "cputopo.core"),
                                            socket: try r.load(UInt32.self, buffer: 1, at: o + CPUTopology.socket, "cputopo.socket"),
                                            node: try r.load(UInt32.self, buffer: 1, at: o + CPUTopology.node, "cputopo.node")))
            }
            return CPUTopology(numCPUs: n, cpus: cpus)
        }
    }

    /// `XEN_SYSCTL_get_cpu_policy` of policy `index`, with room for
    /// `nrLeaves` CPUID leaves and `nrMSRs` MSRs (0: a null handle).
    public struct CPUPolicyQuery: HypercallOutputs, Hashable {
        /// `index` (`XEN_SYSCTL_cpu_policy_*`).
        public var index: UInt32
        /// `nr_leaves` in: the leaf array's room.
        public var nrLeaves: UInt32
        /// `nr_msrs` in: the MSR array's room.
        public var nrMSRs: UInt32
        /// Asks for policy `index`.
        public init(index: UInt32, nrLeaves: UInt32, nrMSRs: UInt32) { self.index = index; self.nrLeaves = nrLeaves; self.nrMSRs = nrMSRs }
        public func encode(into call: inout EncodedCall) {
            Sysctl(.getCPUPolicy(index: index, nrLeaves: nrLeaves, nrMSRs: nrMSRs, rsvd: 0,
                                 leaves: nrLeaves == 0 ? .null : .buffer, msrs: nrMSRs == 0 ? .null : .buffer)).encode(into: &call)
        }
        /// `nr_leaves` and `nr_msrs` out, and the entries of each array
        /// sent (a count past its array is `.outOfBounds`).
        public static func outputs(of call: EncodedCall, result: Int64) throws(DecodeError) -> CPUPolicy {
            typealias L = SysctlLayout
            typealias P = CPUPolicy
            let r = OutputReader(call, location: "sysctl.get_cpu_policy")
            let nl = try r.load(UInt32.self, buffer: 0, at: L.u + L.cpNrLeaves, "nr_leaves")
            let nm = try r.load(UInt32.self, buffer: 0, at: L.u + L.cpNrMSRs, "nr_msrs")
            var leaves: [P.Leaf] = [], msrs: [P.MSR] = []
            if try !r.buffer(1, "leaves").isNull {
                try r.checkArray(buffer: 1, count: UInt64(nl), stride: L.cpuidLeafSize, "nr_leaves")
                for i in 0 ..< Int(nl) {
                    let o = i * L.cpuidLeafSize
                    func u32(_ at: Int, _ f: String) throws(DecodeError) -> UInt32 { try r.load(UInt32.self, buffer: 1, at: o + at, "leaves." + f) }
                    leaves.append(P.Leaf(leaf: try u32(P.leaf, "leaf"), subleaf: try u32(P.subleaf, "subleaf"),
                                         a: try u32(P.a, "a"), b: try u32(P.b, "b"), c: try u32(P.c, "c"), d: try u32(P.d, "d")))
                }
            }
            if try !r.buffer(2, "msrs").isNull {
                try r.checkArray(buffer: 2, count: UInt64(nm), stride: L.msrEntrySize, "nr_msrs")
                for i in 0 ..< Int(nm) {
                    let o = i * L.msrEntrySize
                    msrs.append(P.MSR(index: try r.load(UInt32.self, buffer: 2, at: o + P.msrIdx, "msrs.idx"),
                                      flags: try r.load(UInt32.self, buffer: 2, at: o + P.msrFlags, "msrs.flags"),
                                      value: try r.load(UInt64.self, buffer: 2, at: o + P.msrVal, "msrs.val")))
                }
            }
            return CPUPolicy(nrLeaves: nl, nrMSRs: nm, leaves: leaves, msrs: msrs)
        }
    }
}

/// What `XEN_SYSCTL_cputopoinfo` wrote (`struct xen_sysctl_cputopoinfo` out).
public struct CPUTopology: Hashable, Sendable {
    /// One `xen_sysctl_cputopo_t`.
    public struct CPU: Hashable, Sendable {
        /// `core` (`XEN_INVALID_CORE_ID` for a CPU not present)
        public var core: UInt32
        /// `socket`
        public var socket: UInt32
        /// `node`
        public var node: UInt32
        /// As given.
        public init(core: UInt32, socket: UInt32, node: UInt32) { self.core = core; self.socket = socket; self.node = node }
    }
    /// `num_cpus` out.
    public var numCPUs: UInt32
    /// `cputopo[0 ..< num_cpus]` (empty when asked with a null handle).
    public var cpus: [CPU]
    /// As given.
    public init(numCPUs: UInt32, cpus: [CPU]) { self.numCPUs = numCPUs; self.cpus = cpus }

    static let core = Layout.offset(\xen_sysctl_cputopo_t.core)
    static let socket = Layout.offset(\xen_sysctl_cputopo_t.socket)
    static let node = Layout.offset(\xen_sysctl_cputopo_t.node)
}

/// What `XEN_SYSCTL_get_cpu_policy` wrote (`struct xen_sysctl_cpu_policy` out).
public struct CPUPolicy: Hashable, Sendable {
    /// One `xen_cpuid_leaf_t`.
    public struct Leaf: Hashable, Sendable {
        /// `leaf`, `subleaf`
        public var leaf: UInt32, subleaf: UInt32
        /// `a`, `b`, `c`, `d`: EAX, EBX, ECX, EDX.
        public var a: UInt32, b: UInt32, c: UInt32, d: UInt32
        /// As given.
        public init(leaf: UInt32, subleaf: UInt32, a: UInt32, b: UInt32, c: UInt32, d: UInt32) {
            self.leaf = leaf; self.subleaf = subleaf; self.a = a; self.b = b; self.c = c; self.d = d
        }
    }
    /// One `xen_msr_entry_t`.
    public struct MSR: Hashable, Sendable {
        /// `idx`
        public var index: UInt32
        /// `flags`
        public var flags: UInt32
        /// `val`
        public var value: UInt64
        /// As given.
        public init(index: UInt32, flags: UInt32, value: UInt64) { self.index = index; self.flags = flags; self.value = value }
    }
    /// `nr_leaves` out.
    public var nrLeaves: UInt32
    /// `nr_msrs` out.
    public var nrMSRs: UInt32
    /// `leaves[0 ..< nr_leaves]` (empty with a null handle).
    public var leaves: [Leaf]
    /// `msrs[0 ..< nr_msrs]` (empty with a null handle).
    public var msrs: [MSR]
    /// As given.
    public init(nrLeaves: UInt32, nrMSRs: UInt32, leaves: [Leaf], msrs: [MSR]) {
        self.nrLeaves = nrLeaves; self.nrMSRs = nrMSRs; self.leaves = leaves; self.msrs = msrs
    }

    static let leaf = Layout.offset(\xen_cpuid_leaf_t.leaf)
    static let subleaf = Layout.offset(\xen_cpuid_leaf_t.subleaf)
    static let a = Layout.offset(\xen_cpuid_leaf_t.a)
    static let b = Layout.offset(\xen_cpuid_leaf_t.b)
    static let c = Layout.offset(\xen_cpuid_leaf_t.c)
    static let d = Layout.offset(\xen_cpuid_leaf_t.d)
    static let msrIdx = Layout.offset(\xen_msr_entry_t.idx)
    static let msrFlags = Layout.offset(\xen_msr_entry_t.flags)
    static let msrVal = Layout.offset(\xen_msr_entry_t.val)
}
