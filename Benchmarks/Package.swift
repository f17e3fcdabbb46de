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
        benchmark("SoftTLBBenchmarks", using: ["SoftTLB", "XenABIBench"]),
        benchmark("ModelBenchmarks", using: ["SoftTLB", "XenABI", "XenABIBench"]),
        benchmark("XenABIBenchmarks", using: ["XenABI"]),
        benchmark("EncodeBenchmarks", using: ["XenABIBench"]),
        benchmark("ScatterGatherBenchmarks", using: ["ScatterGather", "XenABIBench"]),
        benchmark("ModelCopyBenchmarks", using: ["XenABI", "XenABIBench"]),
    ],
    swiftLanguageModes: [.v6]
)

/// One package-benchmark executable in `Benchmarks/NAME`, using `products` of the parent package.
func benchmark(_ name: String, using products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "package-benchmark")]
            + products.map { .product(name: $0, package: "XenABI") },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
    )
}
