// swift-tools-version: 6.1
import PackageDescription
import Foundation

// The libFuzzer target is built only on request (XENABI_FUZZ=1), since it
// needs `-sanitize=fuzzer` to link: see Specs/fuzzing.md.
let fuzzing = ProcessInfo.processInfo.environment["XENABI_FUZZ"] != nil

let package = Package(
    name: "XenABI",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "XenABI", targets: ["XenABI"]),
        .library(name: "SoftTLB", targets: ["SoftTLB"]),
        .library(name: "ScatterGather", targets: ["ScatterGather"]),
        .executable(name: "xenabi", targets: ["xenabi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The real Xen 4.17 public headers from libxen-dev, plus this ABI's additions.
        .target(name: "CXen"),
        // The per-vCPU software TLB of registered hypercall buffers.
        .target(name: "SoftTLB", dependencies: ["CXen"]),
        // GFN-list descriptors: build (guest side) and walk (hypervisor side).
        .target(name: "ScatterGather", dependencies: ["CXen"]),
        // Op word, flavours, typed encoders/decoders, multicall, hypervisor model.
        .target(name: "XenABI", dependencies: ["CXen", "SoftTLB", "ScatterGather"]),
        .executableTarget(
            name: "xenabi",
            dependencies: ["XenABI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "XenABITests", dependencies: ["XenABI", "CXen"]),
        // The hypervisor model and ScatterGather: equivalence of flavours, hostile descriptors.
        .testTarget(name: "ModelTests", dependencies: ["XenABI", "ScatterGather", "CXen"]),
    ],
    swiftLanguageModes: [.v6]
)

if fuzzing {
    package.products.append(.executable(name: "XenABIFuzz", targets: ["XenABIFuzz"]))
    package.targets.append(.executableTarget(
        name: "XenABIFuzz", dependencies: ["XenABI", "ScatterGather"],
        // libFuzzer provides main(): no top-level code.
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ))
}
