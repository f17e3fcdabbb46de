import ScatterGather

/// Descriptor-build figures of `xenabi bench` (issue 7): ns per
/// `SGBuilder.build` for 4 KiB ... 64 MiB buffers, flat, one-level and
/// two-level, each against the floor of copying its GFNs into list pages.
public enum DescriptorFigures {
    /// Sizes measured, with their labels.
    public static let sizes: [(String, UInt64)] = [("4K", 4 << 10), ("64K", 64 << 10), ("1M", 1 << 20), ("64M", 64 << 20)]

    /// Measures every descriptor figure with `sampler`.
    public static func run(_ sampler: BenchSampler) -> [BenchFigure] {
        var out: [BenchFigure] = []
        for (label, size) in sizes {
            let w = DescriptorWorkload(size: size)
            let floor = sampler.measure(w.runListCopy).median
            let floorName = "sg.build.gfn-copy.\(label)"
            out.append(BenchFigure(name: floorName, value: floor, unit: "ns"))
            let flat = sampler.measure { w.run($0, flavour: .flat, scattered: false) }.median
            out.append(BenchFigure(name: "sg.build.flat.\(label)", value: flat, unit: "ns"))
            let target = size == 1 << 20 ? 2000.0 : nil
            func list(_ name: String, _ flavour: SGFlavour) {
                let t = sampler.measure { w.run($0, flavour: flavour, scattered: true) }.median
                out.append(BenchFigure(name: "sg.build.\(name).\(label)", value: t, unit: "ns",
                                       peer: floorName, ratio: speedup(t, over: floor),
                                       target: target.map { "<= \(BenchFigure.format($0)) ns" },
                                       met: target.map { t <= $0 }))
            }
            if UInt64(w.pages) <= SGPage.maxOneLevel {
                list("one-level", .gfnList)
            } else {
                // `tagged` takes the two-level form once one level is too small.
                list("two-level", .tagged)
            }
            if let a = BenchAllocations.perCall(16, { w.run($0, flavour: .tagged, scattered: true) }) {
                out.append(BenchFigure(name: "sg.build.allocations.\(label)", value: a, unit: "allocs/call",
                                       target: "0 allocs/call", met: a == 0))
            }
        }
        return out
    }
}
