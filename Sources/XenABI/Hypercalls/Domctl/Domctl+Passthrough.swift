import CXen

// The device-passthrough domctls libxl issues for `pci=` and `dtdev=`
// (libxc's xc_assign_device, xc_domain_bind_pt_irq, xc_domain_memory_mapping,
// xc_domain_ioport_mapping, xc_get_device_group).
extension Domctl {
    /// `struct xen_domctl_assign_device` by its `dev` (`XEN_DOMCTL_assign_device`,
    /// `XEN_DOMCTL_test_assign_device`, `XEN_DOMCTL_deassign_device`).
    public enum DeviceAssignment: Hashable, Sendable {
        /// `XEN_DOMCTL_DEV_PCI`: `u.pci.machine_sbdf`; `flags` `XEN_DOMCTL_DEV_RDM_RELAXED` or 0.
        case pci(machineSBDF: UInt32, flags: UInt32)
        /// `XEN_DOMCTL_DEV_DT`: the device-tree node path, `u.dt.size` bytes in at `u.dt.path`.
        case dt(path: [UInt8], flags: UInt32)

        /// `dev`: `XEN_DOMCTL_DEV_PCI` or `XEN_DOMCTL_DEV_DT`.
        public var dev: UInt32 {
            switch self {
            case .pci: UInt32(XEN_DOMCTL_DEV_PCI)
            case .dt: UInt32(XEN_DOMCTL_DEV_DT)
            }
        }
    }

    /// `struct xen_domctl_bind_pt_irq` (`XEN_DOMCTL_bind_pt_irq`, `XEN_DOMCTL_unbind_pt_irq`).
    public struct PtIRQ: Hashable, Sendable {
        /// `machine_irq`.
        public var machineIRQ: UInt32
        /// `irq_type` and the member of `u` it selects.
        public var binding: Binding

        /// `u` by `irq_type` (`enum pt_irq_type`).
        public enum Binding: Hashable, Sendable {
            /// `PT_IRQ_TYPE_PCI`: `u.pci` (bus, device, INTx pin).
            case pci(bus: UInt8, device: UInt8, intx: UInt8)
            /// `PT_IRQ_TYPE_ISA`: `u.isa.isa_irq`.
            case isa(irq: UInt8)
            /// `PT_IRQ_TYPE_MSI`: `u.msi` (vector, `XEN_DOMCTL_VMSI_X86_*` flags, MSI-X table address).
            case msi(gvec: UInt8, gflags: UInt32, gtable: UInt64)
            /// `PT_IRQ_TYPE_MSI_TRANSLATE`: `u.msi`, as for `msi`.
            case msiTranslate(gvec: UInt8, gflags: UInt32, gtable: UInt64)
            /// `PT_IRQ_TYPE_SPI` (Arm): `u.spi.spi`.
            case spi(UInt16)

            /// `irq_type`.
            public var irqType: UInt32 {
                switch self {
                case .pci: PT_IRQ_TYPE_PCI.rawValue
                case .isa: PT_IRQ_TYPE_ISA.rawValue
                case .msi: PT_IRQ_TYPE_MSI.rawValue
                case .msiTranslate: PT_IRQ_TYPE_MSI_TRANSLATE.rawValue
                case .spi: PT_IRQ_TYPE_SPI.rawValue
                }
            }
        }

        /// A binding of `machineIRQ`.
        public init(machineIRQ: UInt32, _ binding: Binding) {
            self.machineIRQ = machineIRQ
            self.binding = binding
        }
    }

    /// `struct xen_domctl_memory_mapping` / `xen_domctl_ioport_mapping`: a
    /// machine range mapped into (or, `add` 0, out of) an HVM guest's space.
    public struct RangeMapping: Hashable, Sendable {
        /// `first_gfn` / `first_gport`.
        public var firstGuest: UInt64
        /// `first_mfn` / `first_mport`.
        public var firstMachine: UInt64
        /// `nr_mfns` / `nr_ports`.
        public var count: UInt64
        /// `add_mapping`: 1 adds, 0 removes.
        public var add: UInt32
        /// A mapping of `count` pages or ports.
        public init(firstGuest: UInt64, firstMachine: UInt64, count: UInt64, add: UInt32) {
            self.firstGuest = firstGuest
            self.firstMachine = firstMachine
            self.count = count
            self.add = add
        }
    }

    /// Encodes the passthrough sub-ops into `xen_domctl.u` of buffer `b`.
    func encodePassthrough(into call: inout EncodedCall, buffer b: Int) {
        typealias L = DomctlLayout
        let u = L.u
        func put<T: FixedWidthInteger>(_ v: T, _ o: Int) { call.store(v, buffer: b, at: u + o) }
        switch op {
        case .assignDevice(let a), .testAssignDevice(let a), .deassignDevice(let a):
            put(a.dev, L.adDev)
            switch a {
            case .pci(let sbdf, let flags): put(flags, L.adFlags); put(sbdf, L.adPCISBDF)
            case .dt(let path, let flags):
                put(flags, L.adFlags); put(UInt32(path.count), L.adDTSize)
                call.addNestedInput(path, parent: b, offset: u + L.adDTPath)
            }
        case .bindPtIRQ(let p), .unbindPtIRQ(let p):
            put(p.machineIRQ, L.ptMachineIRQ); put(p.binding.irqType, L.ptIRQType)
            switch p.binding {
            case .pci(let bus, let device, let intx): put(bus, L.ptPCIBus); put(device, L.ptPCIDevice); put(intx, L.ptPCIIntx)
            case .isa(let irq): put(irq, L.ptISA)
            case .msi(let gvec, let gflags, let gtable), .msiTranslate(let gvec, let gflags, let gtable):
                put(gvec, L.ptMSIGvec); put(gflags, L.ptMSIGflags); put(gtable, L.ptMSIGtable)
            case .spi(let spi): put(spi, L.ptSPI)
            }
        case .memoryMapping(let m):
            put(m.firstGuest, L.memmapGFN); put(m.firstMachine, L.memmapMFN); put(m.count, L.memmapNr); put(m.add, L.memmapAdd)
        case .ioportMapping(let m):
            // Ports are 32-bit fields: the encoder keeps the low bits, as C's assignment would.
            put(UInt32(truncatingIfNeeded: m.firstGuest), L.ioportmapG); put(UInt32(truncatingIfNeeded: m.firstMachine), L.ioportmapM)
            put(UInt32(truncatingIfNeeded: m.count), L.ioportmapNr); put(m.add, L.ioportmapAdd)
        case .getDeviceGroup(let sbdf, let max, let sdevs):
            put(sbdf, L.dgSBDF); put(max, L.dgMax)
            call.addNested(sdevs, size: Int(max) * 4, direction: .out, parent: b, offset: u + L.dgArray)
        default:
            preconditionFailure("not a passthrough domctl: \(op)")
        }
    }

    /// Decodes the passthrough sub-op `cmd` from the domctl union `u`; nil for any other command.
    static func decodePassthrough(cmd: Int32, _ u: EnvelopeUnion, memory: some GuestMemoryReader) throws(DecodeError) -> Op? {
        typealias L = DomctlLayout
        func device(_ name: String) throws(DecodeError) -> DeviceAssignment {
            let flags = u.u32(L.adFlags)
            switch Int32(bitPattern: u.u32(L.adDev)) {
            case XEN_DOMCTL_DEV_PCI: return .pci(machineSBDF: u.u32(L.adPCISBDF), flags: flags)
            case XEN_DOMCTL_DEV_DT:
                let n = try u.count(UInt64(u.u32(L.adDTSize)), 1, "\(name).u.dt.size")
                return .dt(path: try u.bytes(L.adDTPath, count: n, memory: memory, "\(name).u.dt.path"), flags: flags)
            default: throw DecodeError(.unknownSubop(UInt64(u.u32(L.adDev))), at: "domctl.\(name).dev")
            }
        }
        func ptIRQ(_ name: String) throws(DecodeError) -> PtIRQ {
            let t = u.u32(L.ptIRQType)
            let binding: PtIRQ.Binding
            switch t {
            case PT_IRQ_TYPE_PCI.rawValue: binding = .pci(bus: u.load(UInt8.self, L.ptPCIBus), device: u.load(UInt8.self, L.ptPCIDevice), intx: u.load(UInt8.self, L.ptPCIIntx))
            case PT_IRQ_TYPE_ISA.rawValue: binding = .isa(irq: u.load(UInt8.self, L.ptISA))
            case PT_IRQ_TYPE_MSI.rawValue: binding = .msi(gvec: u.load(UInt8.self, L.ptMSIGvec), gflags: u.u32(L.ptMSIGflags), gtable: u.load(UInt64.self, L.ptMSIGtable))
            case PT_IRQ_TYPE_MSI_TRANSLATE.rawValue:
                binding = .msiTranslate(gvec: u.load(UInt8.self, L.ptMSIGvec), gflags: u.u32(L.ptMSIGflags), gtable: u.load(UInt64.self, L.ptMSIGtable))
            case PT_IRQ_TYPE_SPI.rawValue: binding = .spi(u.load(UInt16.self, L.ptSPI))
            default: throw DecodeError(.unknownSubop(UInt64(t)), at: "domctl.\(name).irq_type")
            }
            return PtIRQ(machineIRQ: u.u32(L.ptMachineIRQ), binding)
        }
        switch cmd {
        case XEN_DOMCTL_assign_device: return .assignDevice(try device("assign_device"))
        case XEN_DOMCTL_test_assign_device: return .testAssignDevice(try device("test_assign_device"))
        case XEN_DOMCTL_deassign_device: return .deassignDevice(try device("deassign_device"))
        case XEN_DOMCTL_bind_pt_irq: return .bindPtIRQ(try ptIRQ("bind_pt_irq"))
        case XEN_DOMCTL_unbind_pt_irq: return .unbindPtIRQ(try ptIRQ("unbind_pt_irq"))
        case XEN_DOMCTL_memory_mapping:
            return .memoryMapping(RangeMapping(firstGuest: u.load(UInt64.self, L.memmapGFN), firstMachine: u.load(UInt64.self, L.memmapMFN),
                                               count: u.load(UInt64.self, L.memmapNr), add: u.u32(L.memmapAdd)))
        case XEN_DOMCTL_ioport_mapping:
            return .ioportMapping(RangeMapping(firstGuest: UInt64(u.u32(L.ioportmapG)), firstMachine: UInt64(u.u32(L.ioportmapM)),
                                               count: UInt64(u.u32(L.ioportmapNr)), add: u.u32(L.ioportmapAdd)))
        case XEN_DOMCTL_get_device_group:
            let max = u.u32(L.dgMax)
            _ = try u.count(UInt64(max), 4, "get_device_group.max_sdevs")
            return .getDeviceGroup(machineSBDF: u.u32(L.dgSBDF), maxSdevs: max, sdevs: u.nested(L.dgArray))
        default:
            return nil
        }
    }
}
