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
        .executableTarget(
            name: "SoftTLBBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "SoftTLB", package: "XenABI"),
                .product(name: "XenABIBench", package: "XenABI"),
            ],
            path: "Benchmarks/SoftTLBBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "ModelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "SoftTLB", package: "XenABI"),
                .product(name: "XenABI", package: "XenABI"),
                .product(name: "XenABIBench", package: "XenABI"),
            ],
            path: "Benchmarks/ModelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "XenABIBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "XenABI", package: "XenABI"),
            ],
            path: "Benchmarks/XenABIBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "EncodeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "XenABIBench", package: "XenABI"),
            ],
            path: "Benchmarks/EncodeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "ScatterGatherBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ScatterGather", package: "XenABI"),
                .product(name: "XenABIBench", package: "XenABI"),
            ],
            path: "Benchmarks/ScatterGatherBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "ModelCopyBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "XenABI", package: "XenABI"),
                .product(name: "XenABIBench", package: "XenABI"),
            ],
            path: "Benchmarks/ModelCopyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
