import CXen
import Testing
@testable import XenABI
import GuestPlacement

/// The envelope sysctl, domctl, platform_op and xsm_op share, written once
/// in `VersionedEnvelope`: each call's struct through arg0 with `cmd` and
/// Xen 4.17's interface version, the decoder refusing any other version.
@Suite("The versioned envelope of sysctl, domctl, platform_op and xsm_op")
struct VersionedEnvelopeTests {
    /// One call of each type, its envelope, and the version constant's name and value.
    static let calls: [(any VersionedHypercall, VersionedEnvelope, String, UInt32)] = [
        (Sysctl(.physinfo), Sysctl.envelope, "XEN_SYSCTL_INTERFACE_VERSION", UInt32(XEN_SYSCTL_INTERFACE_VERSION)),
        (Domctl(domain: 7, .pauseDomain), Domctl.envelope, "XEN_DOMCTL_INTERFACE_VERSION", UInt32(XEN_DOMCTL_INTERFACE_VERSION)),
        (PlatformOp(.getCPUInfo(cpu: 1)), PlatformOp.envelope, "XENPF_INTERFACE_VERSION", UInt32(XENPF_INTERFACE_VERSION)),
        (FlaskOp(.getEnforce), FlaskOp.envelope, "XEN_FLASK_INTERFACE_VERSION", UInt32(XEN_FLASK_INTERFACE_VERSION)),
    ]

    @Test("each encode is the struct through arg0 with cmd and Xen's interface version, in/out", arguments: 0 ..< 4)
    func encodes(_ i: Int) {
        let (call, envelope, name, version) = Self.calls[i]
        let c = call.encoded
        #expect(type(of: call).number == envelope.number && c.op.number == envelope.number)
        #expect(envelope.versionName == name && envelope.version == version)
        #expect(c.buffers.first?.site == .register(0) && c.buffers.first?.size == envelope.size && c.buffers.first?.direction == .inOut)
        #expect(c.load(UInt32.self, buffer: 0, at: envelope.cmd) == call.cmd)
        #expect(c.load(UInt32.self, buffer: 0, at: envelope.interfaceVersion) == version)
        #expect((envelope.cmd ..< envelope.cmd + 4).allSatisfy { c.marks[$0] == .input })
        #expect((envelope.interfaceVersion ..< envelope.interfaceVersion + 4).allSatisfy { c.marks[$0] == .input })
    }

    @Test("each decoder refuses another interface version with a typed error naming the constant", arguments: 0 ..< 4)
    func refusesOtherVersions(_ i: Int) throws {
        let (call, envelope, name, version) = Self.calls[i]
        var c = call.encoded
        let addresses = c.placeLinear()
        c.store(version &- 1, buffer: 0, at: envelope.interfaceVersion)
        let memory = CallImageMemory(c, addresses: addresses)
        let expected = DecodeError(.invalid("interface_version 0x\(String(version &- 1, radix: 16)) is not \(name) 0x\(String(version, radix: 16))"),
                                   at: "\(envelope.name).interface_version")
        #expect(throws: expected) { try envelope.open(c.raw, memory: memory) }
        #expect(throws: expected) { try AnyHypercall.decode(c.raw, memory: memory) }
    }

    @Test("arrays of structs the call passes in: bounded before any element is read")
    func hostileArrayCounts() {
        func image(_ size: Int, _ fields: [(Int, UInt32)]) -> [UInt8] {
            var s = [UInt8](repeating: 0xff, count: size)
            for (o, v) in fields { withUnsafeBytes(of: v.littleEndian) { for (k, b) in $0.enumerated() { s[o + k] = b } } }
            return s
        }
        let d = DomctlLayout.self
        let cases: [(HypercallNumber, [UInt8], DecodeError)] = [
            (.domctl, image(d.size, [(d.cmd, UInt32(XEN_DOMCTL_set_vcpu_msrs)), (d.interfaceVersion, UInt32(XEN_DOMCTL_INTERFACE_VERSION))]),
             DecodeError(.invalid("4294967295 elements of \(Domctl.VCPUMSR.size) bytes exceed 67108864 bytes"), at: "domctl.set_vcpu_msrs.msr_count")),
            (.domctl, image(d.size, [(d.cmd, UInt32(XEN_DOMCTL_set_cpu_policy)), (d.interfaceVersion, UInt32(XEN_DOMCTL_INTERFACE_VERSION))]),
             DecodeError(.invalid("4294967295 elements of \(Domctl.CPUIDLeaf.size) bytes exceed 67108864 bytes"), at: "domctl.set_cpu_policy.nr_leaves")),
            (.platform_op, image(PlatformLayout.size, [(PlatformLayout.cmd, UInt32(XENPF_resource_op)),
                                                       (PlatformLayout.interfaceVersion, UInt32(XENPF_INTERFACE_VERSION))]),
             DecodeError(.invalid("4294967295 elements of \(PlatformOp.ResourceEntry.size) bytes exceed 67108864 bytes"), at: "platform_op.resource_op.nr_entries")),
            (.sysctl, image(SysctlLayout.size, [(SysctlLayout.cmd, UInt32(XEN_SYSCTL_pcitopoinfo)),
                                                (SysctlLayout.interfaceVersion, UInt32(XEN_SYSCTL_INTERFACE_VERSION))]),
             DecodeError(.invalid("4294967295 elements of \(Sysctl.PCIDevice.size) bytes exceed 67108864 bytes"), at: "sysctl.pcitopoinfo.num_devs")),
        ]
        for (number, bytes, expected) in cases {
            let raw = RawHypercall(op: OpWord(number), args: HypercallArgs([0x1000]))
            #expect(throws: expected, "\(number)") { try AnyHypercall.decode(raw, memory: ToolstackRoundTripTests.Hostile(image: bytes)) }
        }
    }

    @Test("array elements are XenStructs: each field stored at its C offset, the array in the call's direction")
    func arrayElements() throws {
        let msrs = [Domctl.VCPUMSR(index: 0x10, value: 5), Domctl.VCPUMSR(index: 0x20, reserved: 1, value: 6)]
        let c = Domctl(domain: 1, .setVCPUMSRs(vcpu: 2, msrs: msrs)).encoded
        #expect(c.buffers[1].size == 2 * Domctl.VCPUMSR.size && c.buffers[1].direction == .inOut)
        let o = Domctl.VCPUMSR.Offsets.self
        #expect(c.load(UInt32.self, buffer: 1, at: Domctl.VCPUMSR.size + o.index) == 0x20)
        #expect(c.load(UInt32.self, buffer: 1, at: Domctl.VCPUMSR.size + o.reserved) == 1)
        #expect(c.load(UInt64.self, buffer: 1, at: o.value) == 5)
        let (decoded, same) = try roundTrip(Domctl(domain: 1, .setVCPUMSRs(vcpu: 2, msrs: msrs)))
        #expect(decoded == Domctl(domain: 1, .setVCPUMSRs(vcpu: 2, msrs: msrs)) && same)
    }
}
