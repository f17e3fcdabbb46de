import CXen
import Testing
@testable import XenABI
import GuestPlacement
import XenABITestSupport

@Suite("physdev_op (and its compat envelope) encoders and decoders")
struct PhysdevOpTests {
    static func randomCalls(_ rng: inout SeededRNG) -> [PhysdevOp] {
        let ports = UInt32.random(in: 0 ... PhysdevOp.maxIOPorts, using: &rng)
        let bitmap = (0 ..< PhysdevOp.bitmapBytes(ports)).map { _ in UInt8.random(in: 0 ... .max, using: &rng) }
        var add = PhysdevOp.PCIDeviceAdd.random(using: &rng)
        add.flags &= ~UInt32(XEN_PCI_DEV_PXM)
        return [
            .irqUnmaskNotify, .irqStatusQuery(.random(using: &rng)), .setIOPL(.random(using: &rng)),
            .setIOBitmap(bitmap: bitmap, nrPorts: ports), .apicRead(.random(using: &rng)), .apicWrite(.random(using: &rng)),
            .allocIRQVector(.random(using: &rng)), .freeIRQVector(.random(using: &rng)), .eoi(.random(using: &rng)),
            .mapPIRQ(.random(using: &rng)), .unmapPIRQ(.random(using: &rng)), .managePCIAdd(.random(using: &rng)),
            .managePCIRemove(.random(using: &rng)), .pirqEOIGMFNv1(.random(using: &rng)), .restoreMSI(.random(using: &rng)),
            .managePCIAddExt(.random(using: &rng)), .setupGSI(.random(using: &rng)), .getFreePIRQ(.random(using: &rng)),
            .pciMMCFGReserved(.random(using: &rng)), .pciDeviceAdd(add, pxm: rng.next() & 1 == 0 ? nil : .random(in: 0 ... .max, using: &rng)),
            .pciDeviceRemove(.random(using: &rng)), .restoreMSIExt(.random(using: &rng)), .pirqEOIGMFNv2(.random(using: &rng)),
            .dbgpOp(.random(using: &rng)), .prepareMSIX(.random(using: &rng)), .releaseMSIX(.random(using: &rng)),
        ]
    }

    @Test("every PHYSDEVOP round-trips with random fields, compat ones too")
    func roundTrips() throws {
        var rng = SeededRNG(seed: 0x9d5e_0001)
        var seen = Set<Int32>(), compat = Set<Int32>()
        for _ in 0 ..< 40 {
            for c in Self.randomCalls(&rng) {
                seen.insert(c.cmd)
                let (d, same) = try roundTrip(c)
                #expect(d == c)
                #expect(same)
                if let w = PhysdevOpCompat(c) {
                    compat.insert(c.cmd)
                    let (dw, sw) = try roundTrip(w)
                    #expect(dw == w)
                    #expect(sw)
                }
            }
        }
        #expect(seen.count == 26)
        #expect(compat == Set(4 ... 11))
    }

    @Test("set_iobitmap nests the bitmap, in the compat union too; pci_device_add appends optarr[0] for a PXM")
    func shapes() {
        let io = PhysdevOp.setIOBitmap(bitmap: [0xff, 0x01], nrPorts: 9).encoded
        #expect(io.buffers.count == 2 && io.buffers[1].size == 2)
        #expect(io.buffers[1].site == .nested(buffer: 0, offset: PhysdevOp.SetIOBitmap.Offsets.bitmap))
        let w = PhysdevOpCompat(.setIOBitmap(bitmap: [0xff, 0x01], nrPorts: 9))!.encoded
        #expect(w.buffers[1].site == .nested(buffer: 0, offset: PhysdevOpCompat.unionOffset + PhysdevOp.SetIOBitmap.Offsets.bitmap))
        let add = PhysdevOp.pciDeviceAdd(.init(seg: 0, bus: 3, devfn: 8), pxm: 1).encoded
        #expect(add.buffers[0].size == PhysdevOp.optarrOffset + 4)
        #expect(add.load(UInt32.self, buffer: 0, at: PhysdevOp.PCIDeviceAdd.Offsets.flags) == UInt32(XEN_PCI_DEV_PXM))
        #expect(PhysdevOpCompat(.eoi(.init(irq: 1))) == nil)
    }

    @Test("hostile values are typed errors")
    func hostile() {
        var io = PhysdevOp.setIOBitmap(bitmap: [0], nrPorts: 8).encoded
        let a = io.placeLinear()
        io.store(UInt32.max, buffer: 0, at: PhysdevOp.SetIOBitmap.Offsets.nrPorts)
        #expect(throws: DecodeError(.invalid("nr_ports 4294967295 exceeds 65536"), at: "physdev_op.set_iobitmap.nr_ports")) { try PhysdevOp.decode(io.raw, memory: CallImageMemory(io, addresses: a)) }
        let mem = CallImageMemory(EncodedCall(), addresses: [])
        for cmd: UInt64 in [0, 18, 22, 32, 1 << 40] {
            #expect(throws: DecodeError(.unknownSubop(cmd), at: "physdev_op")) { try PhysdevOp.decode(.init(op: OpWord(.physdev_op), args: .init([cmd, 0])), memory: mem) }
        }
        var w = PhysdevOpCompat(.setIOPL(.init(iopl: 1)))!.encoded
        let wa = w.placeLinear()
        w.store(UInt32(PHYSDEVOP_eoi), buffer: 0, at: PhysdevOpCompat.cmdOffset)
        #expect(throws: DecodeError(.unknownSubop(12), at: "physdev_op_compat")) { try PhysdevOpCompat.decode(w.raw, memory: CallImageMemory(w, addresses: wa)) }
    }

    @Test("catalog and multicall")
    func catalogAndMulticall() throws {
        #expect(CallCatalog.entries.filter { $0.hypercall == "physdev_op" }.count == 26)
        #expect(CallCatalog.entries.filter { $0.hypercall == "physdev_op_compat" }.count == 8)
        #expect(try CallCatalog.make("physdev_op", "eoi", FieldValues(arguments: ["irq=9"])) == .physdevOp(.eoi(.init(irq: 9))))
        var rng = SeededRNG(seed: 0x9d5e_0002)
        let m = Multicall(Self.randomCalls(&rng).map { .init(.physdevOp($0)) })
        let (d, same) = try roundTrip(m)
        #expect(d == m)
        #expect(same)
    }
}
