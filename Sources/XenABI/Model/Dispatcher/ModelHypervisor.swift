import CXen
import SoftTLB

/// What the model's hypervisor answered for one issued hypercall.
public struct ModelCallResult: Sendable {
    /// The value the hypercall returns (`-errno` on failure).
    public var returnValue: Int64
    /// Set when the call was preempted: issue this to continue (registers
    /// only; guest memory is never rewritten for a continuation).
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
/// A call that fails writes no byte: every output is staged, then every
/// output range is validated, then written.
public struct ModelHypervisor: Sendable {
    /// The domain the calls come from.
    public let domain: ModelDomain
    /// The vCPU issuing them.
    public var vcpu: Int
    /// Reported values.
    public var info = ModelXenInfo()
    /// The machine the toolstack's read-only sysctls and domctls describe.
    public var host = ModelHostInfo()
    /// Whether the hypervisor implements this ABI (`XENFEAT_hcall_phys_buffers`);
    /// without it a physical flavour is -ENOSYS.
    public var physicalBuffers = true
    /// Multicall entries run per invocation before a continuation (nil: all).
    public var multicallBudget: Int?
    /// Entries per software TLB (VCPUOP_register_hcall_buffer answers
    /// -ENOSPC beyond it); applies to tables the model creates from now on.
    public var hcallBufferCapacity = SoftTLBTable.defaultCapacity

    /// A hypervisor for `domain`'s vCPU `vcpu`.
    public init(_ domain: ModelDomain, vcpu: Int = 0) {
        self.domain = domain
        self.vcpu = vcpu
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
        let raw = RawHypercall(op: opWord, args: args)
        if opWord.number == .multicall {
            let (rv, cont) = runMulticall(raw, log: &log)
            return ModelCallResult(returnValue: rv, continuation: cont, decoded: log)
        }
        return ModelCallResult(returnValue: runSingle(raw, log: &log), continuation: nil, decoded: log)
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

    /// One non-multicall call: decode, then its semantics.
    func runSingle(_ raw: RawHypercall, log: inout [AnyHypercall]) -> Int64 {
        // do_vcpu_op checks the vcpuid before it reads any argument.
        if let e = hcallBufferTargetCheck(raw) { return e.returnValue }
        let memory = ModelResolver(domain, vcpu: vcpu)
        let call: AnyHypercall
        do throws(DecodeError) { call = try AnyHypercall.decode(raw, memory: memory) } catch {
            return error.errno.returnValue
        }
        log.append(call)
        do throws(XenErrno) {
            var out = OutputBatch()
            let rv: Int64
            switch call {
            case .xenVersion(let v): rv = try xenVersion(v, raw, &out)
            case .memoryOp(let m): rv = try memoryOp(m, raw, &out)
            case .consoleIO(let c): rv = try consoleIO(c, raw, &out)
            case .sysctl(let s): rv = try sysctl(s, raw, &out)
            case .domctl(let d): rv = try domctl(d, raw, &out)
            case .grantTableOp(.copy(let copies)): rv = try grantCopy(copies, raw)
            case .multicall: return XenErrno.EINVAL.returnValue  // a multicall entry cannot be one
            case .vcpuOp(let v) where ModelHypervisor.isHcallBufferOp(v): rv = try hcallBuffers(v)
            default: rv = try generic(call, raw, &out)
            }
            try out.commit(domain, vcpu: vcpu)
            for effect in out.effects { effect() }
            return rv
        } catch {
            return error.returnValue
        }
    }
}

/// Outputs staged by a call's semantics: validated all, then written all.
struct OutputBatch {
    var items: [(handle: UInt64, flavour: Flavour, offset: Int, bytes: [UInt8])] = []
    /// Hypervisor-state changes that happen only if every output was written.
    var effects: [() -> Void] = []

    mutating func write(_ bytes: [UInt8], handle: UInt64, flavour: Flavour, offset: Int = 0) {
        items.append((handle, flavour, offset, bytes))
    }

    func commit(_ domain: ModelDomain, vcpu: Int) throws(XenErrno) {
        // Resolve and check every output first; then write the resolved chunks.
        var resolved: [[(gpa: UInt64, count: Int)]] = []
        resolved.reserveCapacity(items.count)
        for i in items {
            resolved.append(try domain.resolveWritable(i.handle, flavour: i.flavour, offset: i.offset, count: i.bytes.count, vcpu: vcpu))
        }
        for (i, chunks) in zip(items, resolved) { domain.write(i.bytes, to: chunks) }
    }
}

/// A NUL-padded C string of exactly `size` bytes (truncated to leave a NUL).
func cString(_ s: String, size: Int) -> [UInt8] {
    var b = Array(s.utf8.prefix(max(0, size - 1)))
    b += [UInt8](repeating: 0, count: size - b.count)
    return b
}
