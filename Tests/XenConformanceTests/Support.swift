import XenABI
import XenConformance
import XenTrace

/// The plan of the bundled traces, built as `xenabi trace reads` builds it.
func bundledPlan(cap: Int = 4) throws -> ReadPlan {
    var plan = ReadPlan(cap: cap)
    let checker = TraceChecker()
    for path in BundledTraces.paths {
        let reader = try TraceReader(path: path)
        while let call = try reader.next() {
            let result = checker.check(call)
            guard let value = result.decoded, result.reencoded else { continue }
            plan.offer(value, source: "\(path.split(separator: "/").last!):\(call.line)")
        }
    }
    return plan
}

/// An executor that runs calls on `base` and then changes what a physical
/// flavour wrote: byte `offset` of the first written buffer, xored with `mask`.
struct CorruptingExecutor<Base: CallExecutor>: CallExecutor {
    let base: Base
    var offset = 0
    var mask: UInt8 = 0x01

    func execute(_ call: inout EncodedCall) -> Int64 {
        let r = base.execute(&call)
        guard call.op.flavour.isPhysical, let i = call.buffers.firstIndex(where: { $0.direction.writes && !$0.isNull && $0.size > offset }) else { return r }
        call.withMutableBytes(of: i) { $0[offset] ^= mask }
        return r
    }
}

/// An executor whose `answer` replaces every result and writes nothing
/// (a hypervisor refusing the call before reading it).
struct RefusingExecutor: CallExecutor {
    let answer: Int64
    func execute(_ call: inout EncodedCall) -> Int64 { answer }
}

/// An executor that runs calls on `base`, then also stores `value` at byte
/// `offset` of the first written buffer (a hypervisor writing one more field).
struct ExtraFieldExecutor<Base: CallExecutor>: CallExecutor {
    let base: Base
    var offset: Int
    var value: UInt8 = 0

    func execute(_ call: inout EncodedCall) -> Int64 {
        let r = base.execute(&call)
        guard let i = call.buffers.firstIndex(where: { $0.direction.writes && !$0.isNull && $0.size > offset }) else { return r }
        call.withMutableBytes(of: i) { $0[offset] = value }
        return r
    }
}
