/// A hypercall whose every argument is a value in a register (no guest
/// buffer): `set_timer_op`, `fpu_taskswitch`, `stack_switch`, ... Encoding
/// writes the registers; decoding reads them back.
public protocol RegisterCall: TypedHypercall {
    /// The C names of the registers the call uses, in order.
    static var registerNames: [String] { get }
    /// The registers as issued (unused ones zero).
    var registers: HypercallArgs { get }
    /// The call from its registers (only the first `registerNames.count` are read).
    init(registers: HypercallArgs)
}

extension RegisterCall {
    public func encode(into call: inout EncodedCall) {
        call.reset(Self.number)
        var r = HypercallArgs()
        for i in 0 ..< Self.registerNames.count { r[i] = registers[i] }
        call.args = r
    }

    public static func decode(_ raw: RawHypercall, memory: some GuestMemoryReader) throws(DecodeError) -> Self {
        var r = HypercallArgs()
        for i in 0 ..< registerNames.count { r[i] = raw.args[i] }
        return Self(registers: r)
    }
}
