import XenABI
import CXen
import SoftTLB

/// What the model's hypervisor answered for one issued hypercall.
public struct ModelCallResult: Sendable {
    /// The value the hypercall returns (`-errno` on failure). A preempted
    /// call returns what Xen's `hypercall_create_continuation` returns: its
    /// op word, number and flavour (the guest re-issues the call, never
    /// sees it).
    public var returnValue: Int64
    /// Set when the call was preempted: issue this to continue. Progress is
    /// where Xen keeps it (Specs/abi.md section 7): in the registers, and
    /// for a multicall entry preempted in turn, in that entry of the list.
    public var continuation: RawHypercall?
    /// Every typed call the model decoded and ran (a multicall: its entries),
    /// in order: what it read from guest memory.
    public var decoded: [AnyHypercall]

    /// The errno, when the call failed.
    public var errno: XenErrno? { returnValue < 0 ? XenErrno(rawValue: Int32(-returnValue)) : nil }
}

/// The values the model hypervisor reports (xen_version and friends).
public struct ModelXenInfo: Sendable, Hashable {
    /// `XENVER_version`: major.
    public var major: UInt32 = 4
    /// `XENVER_version`: minor.
    public var minor: UInt32 = 17
    /// `XENVER_extraversion`.
    public var extraversion = ".0-xenabi-model"
    /// `XENVER_compile_info` strings.
    public var compiler = "swift", compileBy = "xenabi", compileDomain = "model", compileDate = "2026-11-21"
    /// `XENVER_capabilities`.
    public var capabilities = "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64"
    /// `XENVER_changeset`.
    public var changeset = "xenabi model"
    /// `XENVER_commandline`.
    public var commandline = "console=com1 dom0_mem=1024M"
    /// `XENVER_platform_parameters.virt_start` (x86_64 `HYPERVISOR_VIRT_START`).
    public var virtStart: UInt64 = 0xffff_8000_0000_0000
    /// `XENVER_build_id`.
    public var buildID: [UInt8] = (0 ..< 20).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    /// `XENVER_guest_handle`.
    public var domainHandle: [UInt8] = (0 ..< 16).map { UInt8(truncatingIfNeeded: $0 &* 17 &+ 3) }
    /// First frame `increase_reservation` hands out.
    public var frameBase: UInt64 = 0x10_0000

    /// The defaults.
    public init() {}
}

/// The hypervisor side of the model: executes an issued call (op word and
/// registers) against a `ModelDomain`, reading and writing guest memory
/// only through `copyFromGuest`/`copyToGuest` in the call's flavours.
///
/// Outputs are written in the order the call's semantics produce them, one
/// copy at a time, as Xen's handlers write as they go: a call that fails
/// part-way keeps what its earlier copies wrote (Specs/abi.md section 6).
public struct ModelHypervisor {
    /// The domain the calls come from.
    public let domain: ModelDomain
    /// The vCPU issuing them.
    public var vcpu: Int { didSet { resolver = ModelResolver(domain, vcpu: vcpu) } }
    /// Decoders' reads as `vcpu`: built once, not per call (building one
    /// retains the domain, and a retain and a release are atomics, a
    /// sizeable part of a short call).
    var resolver: ModelResolver
    /// Reported values.
    public var info = ModelXenInfo()
    /// The machine the toolstack's read-only sysctls and domctls describe.
    public var host = ModelHostInfo()
    /// Whether the hypervisor implements this ABI (`XENFEAT_hcall_phys_buffers`);
    /// without it a physical flavour is -ENOSYS.
    public var physicalBuffers = true
    /// Multicall entries run per invocation before a continuation (nil: all;
    /// at least one runs, as Xen checks for preemption only after an entry).
    public var multicallBudget: Int?
    /// Extents a reservation sub-op (`XENMEM_increase_reservation`,
    /// `_decrease_reservation`, `_populate_physmap`) processes per invocation
    /// before a continuation (nil: all; at least one), where Xen's loops call
    /// `hypercall_preempt_check`.
    public var extentBudget: Int?
    /// Entries per software TLB (VCPUOP_register_hcall_buffer answers
    /// -ENOSPC beyond it); applies to tables the model creates from now on.
    public var hcallBufferCapacity = SoftTLBTable.defaultCapacity
    /// Whether `ModelCallResult.decoded` lists the typed calls decoded (the
    /// conformance checks and fuzzers read it). `AnyHypercall` is an
    /// indirect enum: each logged call is a heap box and the log an array,
    /// so with this off a warm `xen_version` or reservation call allocates
    /// nothing (`xenabi bench`'s whole-call figures, issue 15).
    public var recordsDecoded = true

    /// A hypervisor for `domain`'s vCPU `vcpu`.
    public init(_ domain: ModelDomain, vcpu: Int = 0) {
        self.domain = domain
        self.vcpu = vcpu
        resolver = ModelResolver(domain, vcpu: vcpu)
    }

    /// Executes one invocation (an op word as the guest sent it, and registers).
    public func execute(op: UInt64, args: HypercallArgs) -> ModelCallResult {
        var log: [AnyHypercall] = []
        let opWord: OpWord
        do throws(OpWordError) { opWord = try OpWord(validating: op) } catch {
            return ModelCallResult(returnValue: error.errno.returnValue, continuation: nil, decoded: [])
        }
        if opWord.flavour.isPhysical && !physicalBuffers {
            return ModelCallResult(returnValue: XenErrno.ENOSYS.returnValue, continuation: nil, decoded: [])
        }
        if let e = Self.flavourRefusal(opWord, cmd: args[0]) {
            return ModelCallResult(returnValue: e.returnValue, continuation: nil, decoded: [])
        }
        let raw = RawHypercall(op: opWord, args: args)
        let (rv, cont) = opWord.number == .multicall ? runMulticall(raw, log: &log) : runCall(raw, log: &log)
        return ModelCallResult(returnValue: rv, continuation: cont, decoded: log)
    }

    /// Executes `raw`.
    public func execute(_ raw: RawHypercall) -> ModelCallResult { execute(op: raw.op.rawValue, args: raw.args) }

    /// Executes `raw` and every continuation until the call completes;
    /// returns the final result and the number of invocations.
    public func run(_ raw: RawHypercall) -> (result: ModelCallResult, invocations: Int) {
        var r = execute(raw)
        var n = 1
        var log = r.decoded
        while let c = r.continuation {
            r = execute(c)
            log += r.decoded
            n += 1
        }
        r.decoded = log
        return (r, n)
    }

    /// One call other than a multicall (top-level, or a multicall's entry):
    /// its result, and its continuation when it was preempted.
    func runCall(_ raw: RawHypercall, log: inout [AnyHypercall]) -> (Int64, RawHypercall?) {
        if raw.op.number == .memory_op, ModelHypervisor.isReservation(raw.args[0]) {
            return reservation(raw, log: &log)
        }
        return (runSingle(raw, log: &log), nil)
    }

    /// A call that does not continue: decode, then its semantics.
    func runSingle(_ raw: RawHypercall, log: inout [AnyHypercall]) -> Int64 {
        let memory = resolver
        if raw.op.number == .xen_version {
            // Decoded as itself, not boxed in an `AnyHypercall` (a heap
            // allocation per call) unless the log keeps it.
            let v: XenVersion
            do throws(DecodeError) { v = try XenVersion.decode(raw, memory: memory) } catch {
                return error.errno.returnValue
            }
            if recordsDecoded { log.append(.xenVersion(v)) }
            do throws(XenErrno) {
                var out = OutputBatch()
                let rv = try xenVersion(v, raw, &out)
                try out.commit(domain, vcpu: vcpu)
                return rv
            } catch {
                return error.returnValue
            }
        }
        // do_vcpu_op checks the vcpuid before it reads any argument.
        if let e = hcallBufferTargetCheck(raw) { return e.returnValue }
        // The decoder's reads are kept for semantics that need nested
        // handles (`CallReads`); xen_version (above) and console_io have
        // none, and their calls (the hot ones) record nothing.
        let reads: CallReads?
        switch raw.op.number {
        case .xen_version, .console_io: reads = nil
        default: reads = CallReads(memory)
        }
        let call: AnyHypercall
        do throws(DecodeError) {
            if let reads { call = try AnyHypercall.decode(raw, memory: reads) } else { call = try AnyHypercall.decode(raw, memory: memory) }
        } catch {
            return error.errno.returnValue
        }
        if recordsDecoded { log.append(call) }
        do throws(XenErrno) {
            var out = OutputBatch()
            let rv: Int64
            switch call {
            case .xenVersion(let v): rv = try xenVersion(v, raw, &out)
            case .consoleIO(let c): rv = try consoleIO(c, raw, &out)
            case .sysctl(let s): rv = try sysctl(s, raw, reads ?? CallReads(memory), &out)
            case .domctl(let d): rv = try domctl(d, raw, reads ?? CallReads(memory), &out)
            case .grantTableOp(.copy(let copies)): rv = try grantCopy(copies, raw)
            case .vcpuOp(let v) where ModelHypervisor.isHcallBufferOp(v): rv = try hcallBuffers(v)
            default: rv = try generic(call, raw, reads ?? CallReads(memory), &out)
            }
            try out.commit(domain, vcpu: vcpu)
            out.applyEffects()
            return rv
        } catch {
            return error.returnValue
        }
    }
}

/// Outputs staged by a call's semantics, each one copy to the guest
/// (`copy_to_guest_offset`), written in order: the first that fails stops
/// the call with the earlier ones written, as a Xen handler that writes as
/// it goes returns at its first failed copy.
struct OutputBatch {
    typealias Item = (handle: UInt64, flavour: Flavour, offset: Int, bytes: [UInt8])
    /// Nil until the first write: a batch nothing wrote to (the hot calls
    /// write straight to the guest) holds no array to release.
    private var _items: [Item]?
    private var _effects: [() -> Void]?

    /// Adds a hypervisor-state change that happens only if every output
    /// was written (`applyEffects`).
    mutating func addEffect(_ effect: @escaping () -> Void) {
        if _effects == nil { _effects = [] }
        _effects!.append(effect)
    }

    mutating func write(_ bytes: [UInt8], handle: UInt64, flavour: Flavour, offset: Int = 0) {
        if _items == nil { _items = [] }
        _items!.append((handle, flavour, offset, bytes))
    }

    func commit(_ domain: ModelDomain, vcpu: Int) throws(XenErrno) {
        guard let items = _items else { return }
        // Each copy walks its descriptor when it runs, after the earlier
        // copies wrote: an output may land on another output's list.
        for i in items {
            try domain.copyToGuest(i.handle, flavour: i.flavour, offset: i.offset, bytes: i.bytes, vcpu: vcpu)
        }
    }

    /// Runs the effects, once every output was written.
    func applyEffects() {
        guard let effects = _effects else { return }
        for effect in effects { effect() }
    }
}

/// A NUL-padded C string of exactly `size` bytes (truncated to leave a NUL).
func cString(_ s: String, size: Int) -> [UInt8] {
    var b = Array(s.utf8.prefix(max(0, size - 1)))
    b += [UInt8](repeating: 0, count: size - b.count)
    return b
}
