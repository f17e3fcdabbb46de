import XenABI

/// Line 1 of a trace (`shared/design/trace-format.md`).
public struct TraceHeader: Hashable, Sendable {
    /// `format`: always `xen-hypercall-trace`.
    public var format: String
    /// `version`: 1.
    public var version: Int
    /// `arch` (`x86_64`).
    public var arch: String
    /// `page_size`.
    public var pageSize: Int
    /// `xen`: the hypervisor version the trace was recorded on.
    public var xen: String
    /// `dom0`: `pv` or `pvh`.
    public var dom0: String
    /// `tool`: the command recorded.
    public var tool: String
    /// `recorded`: the date.
    public var recorded: String

    /// A header.
    public init(format: String = TraceHeader.formatName, version: Int = 1, arch: String = "x86_64", pageSize: Int = 4096,
                xen: String = "", dom0: String = "", tool: String = "", recorded: String = "") {
        self.format = format
        self.version = version
        self.arch = arch
        self.pageSize = pageSize
        self.xen = xen
        self.dom0 = dom0
        self.tool = tool
        self.recorded = recorded
    }

    /// The `format` value of every trace.
    public static let formatName = "xen-hypercall-trace"
}

/// One recorded hypercall buffer mapping: its bytes before the call and,
/// when any changed, after it.
public struct TraceRegion: Hashable, Sendable {
    /// `addr`: the recording process's virtual address.
    public var address: UInt64
    /// `before`.
    public var before: [UInt8]
    /// `after` (nil: no byte changed).
    public var after: [UInt8]?

    /// A region at `address`.
    public init(address: UInt64, before: [UInt8], after: [UInt8]? = nil) {
        self.address = address
        self.before = before
        self.after = after
    }

    /// `len`.
    public var length: Int { before.count }
    /// One past the last address.
    public var end: UInt64 { address + UInt64(before.count) }
    /// The bytes after the call (`before` when unchanged).
    public var afterBytes: [UInt8] { after ?? before }
}

/// One hypercall line.
public struct TraceCall: Hashable, Sendable {
    /// The 1-based line it came from.
    public var line: Int
    /// `seq`.
    public var seq: Int
    /// `op`: the op word as issued, unvalidated.
    public var op: UInt64
    /// `args`: the five argument registers.
    public var args: HypercallArgs
    /// `ret`: the hypervisor's return value (negative: -errno).
    public var ret: Int64
    /// `regions`, sorted by address and non-overlapping.
    public var regions: [TraceRegion]

    /// A call.
    public init(line: Int, seq: Int, op: UInt64, args: HypercallArgs, ret: Int64, regions: [TraceRegion]) {
        self.line = line
        self.seq = seq
        self.op = op
        self.args = args
        self.ret = ret
        self.regions = regions
    }
}
