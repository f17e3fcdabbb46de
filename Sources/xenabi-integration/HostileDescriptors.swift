import CXen
import Privcmd
import XenABI
import XenModel

/// Hostile descriptors sent to the patched Xen and to the model: each kind
/// is built the same way in both guests (this dom0's pool pages, and a
/// model domain's frames), as the handle of `xen_version(XENVER_extraversion)`
/// (a 16-byte output), and both must answer the same errno.
struct HostileDescriptor {
    /// A frame a list slot or handle names.
    enum Frame {
        /// The page the output would land in.
        case data
        /// Crafted list page k.
        case list(Int)
        /// A GFN beyond the guest's P2M.
        case beyond
        /// A GFN the guest has but that is not RAM (Xen: the LAPIC's MMIO
        /// page; model: a frame made not-present).
        case notRAM
    }

    /// A 64-bit list slot.
    enum Word {
        case value(UInt64)
        case gfn(Frame)
    }

    /// The handle: `gpa(frame) + at | tag`, or a raw value.
    enum Handle {
        case at(Frame, UInt64, tag: UInt64)
        case raw(UInt64)
    }

    var name: String
    var flavour: Flavour
    /// List page k: `words` stored from byte `at` (words past the page are dropped).
    var lists: [(at: UInt64, words: [Word])]
    var handle: Handle

    /// The guest memory a kind is built in.
    protocol Guest {
        func gfn(_ frame: Frame) -> UInt64
        func store(_ value: UInt64, gpa: UInt64)
    }

    /// Writes the lists; returns the handle.
    func build(in g: some Guest) -> UInt64 {
        for (k, l) in lists.enumerated() {
            let base = g.gfn(.list(k)) << 12
            for (i, w) in l.words.enumerated() where l.at + 8 * UInt64(i) + 8 <= 4096 {
                let v: UInt64
                switch w {
                case .value(let x): v = x
                case .gfn(let f): v = g.gfn(f)
                }
                g.store(v, gpa: base + l.at + 8 * UInt64(i))
            }
        }
        switch handle {
        case .at(let f, let at, let tag): return (g.gfn(f) << 12 + at) | tag
        case .raw(let v): return v
        }
    }

    static let catalog: [HostileDescriptor] = {
        let data = Word.gfn(.data)
        func l(_ words: Word..., at: UInt64 = 0) -> (at: UInt64, words: [Word]) { (at, words) }
        return [
            .init(name: "tagged: reserved tag 11", flavour: .tagged, lists: [], handle: .at(.data, 0, tag: 3)),
            .init(name: "gfnList: slot 0 offset 4096", flavour: .gfnList, lists: [l(.value(4096), data)], handle: .at(.list(0), 0, tag: 0)),
            .init(name: "gfnList: slot 0 offset ~0", flavour: .gfnList, lists: [l(.value(~0), data)], handle: .at(.list(0), 0, tag: 0)),
            .init(name: "tagged list1: offset 5000", flavour: .tagged, lists: [l(.value(5000), data)], handle: .at(.list(0), 0, tag: 1)),
            .init(name: "tagged list2: offset 4096", flavour: .tagged, lists: [l(.value(4096), .gfn(.list(1))), l(data)], handle: .at(.list(0), 0, tag: 2)),
            .init(name: "gfnList: list not 8-byte aligned", flavour: .gfnList, lists: [l(.value(0), data)], handle: .at(.list(0), 4, tag: 0)),
            .init(name: "tagged list1: list not 8-byte aligned", flavour: .tagged, lists: [l(.value(0), data, at: 4)], handle: .at(.list(0), 4, tag: 1)),
            .init(name: "tagged list2: top list not 8-byte aligned", flavour: .tagged, lists: [l(.value(0), .gfn(.list(1)), at: 4), l(data)], handle: .at(.list(0), 4, tag: 2)),
            .init(name: "gfnList: list crosses its page", flavour: .gfnList, lists: [l(.value(0), data, at: 4088)], handle: .at(.list(0), 4088, tag: 0)),
            .init(name: "tagged list1: list crosses its page", flavour: .tagged, lists: [l(.value(0), data, at: 4088)], handle: .at(.list(0), 4088, tag: 1)),
            .init(name: "tagged list2: top level too short", flavour: .tagged, lists: [l(.value(0), .gfn(.list(1)), at: 4088), l(data)], handle: .at(.list(0), 4088, tag: 2)),
            .init(name: "gfnList: data GFN beyond the P2M", flavour: .gfnList, lists: [l(.value(0), .gfn(.beyond))], handle: .at(.list(0), 0, tag: 0)),
            .init(name: "tagged list1: data GFN ~0", flavour: .tagged, lists: [l(.value(0), .value(~0))], handle: .at(.list(0), 0, tag: 1)),
            .init(name: "tagged list2: level-1 GFN beyond the P2M", flavour: .tagged, lists: [l(.value(0), .gfn(.beyond))], handle: .at(.list(0), 0, tag: 2)),
            .init(name: "tagged list2: data GFN beyond the P2M", flavour: .tagged, lists: [l(.value(0), .gfn(.list(1))), l(.gfn(.beyond))], handle: .at(.list(0), 0, tag: 2)),
            .init(name: "flat: GPA beyond the P2M", flavour: .flat, lists: [], handle: .at(.beyond, 0, tag: 0)),
            .init(name: "flat: GPA + size wraps", flavour: .flat, lists: [], handle: .raw(~UInt64(0) - 8)),
            .init(name: "tagged flat: GPA + size wraps", flavour: .tagged, lists: [], handle: .raw(~UInt64(0) - 11)),
            .init(name: "gfnList: list page beyond the P2M", flavour: .gfnList, lists: [], handle: .at(.beyond, 0, tag: 0)),
            .init(name: "gfnList: list page not RAM", flavour: .gfnList, lists: [], handle: .at(.notRAM, 0, tag: 0)),
            .init(name: "gfnList: data page not RAM", flavour: .gfnList, lists: [l(.value(0), .gfn(.notRAM))], handle: .at(.list(0), 0, tag: 0)),
            .init(name: "tagged list1: data page not RAM", flavour: .tagged, lists: [l(.value(0), .gfn(.notRAM))], handle: .at(.list(0), 0, tag: 1)),
            .init(name: "tagged list2: level-1 page not RAM", flavour: .tagged, lists: [l(.value(0), .gfn(.notRAM))], handle: .at(.list(0), 0, tag: 2)),
            .init(name: "gfnList: null handle ~0", flavour: .gfnList, lists: [], handle: .raw(~0)),
            .init(name: "tagged: null handle ~0", flavour: .tagged, lists: [], handle: .raw(~0)),
        ]
    }()
}

/// This dom0's pool pages, with their real GFNs.
struct XenGuest: HostileDescriptor.Guest {
    let region: HypercallBuffer
    let frames: [UInt64]
    let maxGPFN: UInt64

    func gfn(_ f: HostileDescriptor.Frame) -> UInt64 {
        switch f {
        case .data: frames[0]
        case .list(let k): frames[1 + k]
        case .beyond: maxGPFN + 0x10_0000
        case .notRAM: 0xfee00  // the local APIC's page: emulated MMIO in an HVM/PVH guest
        }
    }

    func store(_ value: UInt64, gpa: UInt64) {
        guard let page = frames.firstIndex(of: gpa >> 12) else { return }
        (region.address + page * 4096 + Int(gpa & 4095)).storeBytes(of: value, as: UInt64.self)
    }
}

/// A model domain's frames.
struct ModelGuest: HostileDescriptor.Guest {
    let domain: ModelDomain
    let data: UInt64, lists: [UInt64], notRAM: UInt64

    init() {
        let d = ModelDomain(frameCount: 1 << 14)
        domain = d
        data = d.allocateFrame()!
        lists = (0 ..< 3).map { _ in d.allocateFrame()! }
        notRAM = d.allocateFrame()!
        d.p2m.setType(.notPresent, of: notRAM)
    }

    func gfn(_ f: HostileDescriptor.Frame) -> UInt64 {
        switch f {
        case .data: data
        case .list(let k): lists[k]
        case .beyond: domain.frameCount + 5
        case .notRAM: notRAM
        }
    }

    func store(_ value: UInt64, gpa: UInt64) { domain.memory.store64(value, gpa: gpa) }
}

enum HostileChecks {
    static func run(_ r: Report) {
        r.check("pvh.hostile.xen_equals_model") {
            let p = try Privcmd()
            let pool = try HypercallBufferPool()
            let maxGPFN = UInt64(try XenCall(policy: .linear).send(MemoryOp.maximumGPFN(domid: UInt16(XENABI_DOMID_SELF))).result)
            var rows: [String] = []
            var agree = 0
            for kind in HostileDescriptor.catalog {
                let region = try pool.allocate(pages: 4)
                defer { pool.free(region) }
                region.bytes.initializeMemory(as: UInt8.self, repeating: 0)
                let xenGuest = XenGuest(region: region, frames: try pool.frameNumbers(of: region), maxGPFN: maxGPFN)
                let op = UInt64(HypercallNumber.xen_version.rawValue) | UInt64(kind.flavour.rawValue) << 12
                let xen = p.hypercallResult(op, HypercallArgs([UInt64(XENVER_extraversion), kind.build(in: xenGuest)]))
                let modelGuest = ModelGuest()
                let model = ModelHypervisor(modelGuest.domain)
                    .execute(op: op, args: HypercallArgs([UInt64(XENVER_extraversion), kind.build(in: modelGuest)])).returnValue
                let same = xen == model && xen < 0
                if same { agree += 1 }
                rows.append("\(kind.name): Xen \(xen), model \(model)\(same ? "" : " DIFFER")")
            }
            for row in rows { r.info("hostile: \(row)") }
            return (agree == HostileDescriptor.catalog.count,
                    "\(agree)/\(HostileDescriptor.catalog.count) hostile kinds get the same errno from Xen and the model"
                        + (agree == rows.count ? "" : ": " + rows.filter { $0.hasSuffix("DIFFER") }.joined(separator: "; ")))
        }
    }
}
