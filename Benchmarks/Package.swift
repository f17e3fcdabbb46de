// swift-tools-version: 6.1
// The benchmark suite (ordo-one/package-benchmark): one executable per module
// of the parent package, run with `swift package benchmark` from this folder.
// A separate package so the library never depends on the benchmark tooling.
import PackageDescription

let package = Package(
    name: "XenABIBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "XenABI", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The parent package's timing harness and workloads (its XenABIBench
        // target, which it keeps internal: no product), compiled here from
        // the same sources through the symlink Sources/BenchWorkloads ->
        // ../../Sources/XenABIBench, under another name because target names
        // must be unique across the package graph.
        .target(
            name: "BenchWorkloads",
            dependencies: ["SoftTLB", "XenABI", "XenModel", "ScatterGather"].map { .product(name: $0, package: "XenABI") },
            path: "Sources/BenchWorkloads"
        ),
        benchmark("SoftTLBBenchmarks", using: ["SoftTLB", "BenchWorkloads"]),
        benchmark("ModelBenchmarks", using: ["SoftTLB", "XenABI", "XenModel", "BenchWorkloads"]),
        benchmark("XenABIBenchmarks", using: ["XenABI"]),
        benchmark("EncodeBenchmarks", using: ["BenchWorkloads"]),
        benchmark("ScatterGatherBenchmarks", using: ["ScatterGather", "BenchWorkloads"]),
        benchmark("ModelCopyBenchmarks", using: ["XenABI", "XenModel", "BenchWorkloads"]),
    ],
    swiftLanguageModes: [.v6]
)

/// One package-benchmark executable in `Benchmarks/NAME`, using `products`
/// of the parent package (and the local `BenchWorkloads` target).
func benchmark(_ name: String, using products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "package-benchmark")]
            + products.map { $0 == "BenchWorkloads" ? .target(name: $0) : .product(name: $0, package: "XenABI") },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
    )
}
