// swift-tools-version: 6.1
import PackageDescription
import Foundation

// The libFuzzer targets (XenABIFuzz, XenTraceFuzz) are built only on request
// (XENABI_FUZZ=1), since they need `-sanitize=fuzzer` to link: see Specs/fuzzing.md.
let fuzzing = ProcessInfo.processInfo.environment["XENABI_FUZZ"] != nil

// Privcmd routes every syscall through a mock (`MockSyscalls`) only when
// ENABLE_MOCKING is defined: debug builds, as in apple/swift-system, so a
// release library carries no mock branch on its ioctl path. The tests that
// drive the mock compile only where it exists; `swift test -c release`
// runs the rest (see Tests/PrivcmdTests/MockingDisabledTests.swift);
// XENABI_MOCKING=1 defines it in every configuration, to run them optimized.
// SoftTLB's snapshots and XenABI's encoded calls check their invariants
// after every change (`_checkInvariants()`, as swift-collections does under
// COLLECTIONS_INTERNAL_CHECKS) where XENABI_INTERNAL_CHECKS is defined: debug
// builds, so every `swift test` run checks them; release builds do not pay.
let internalChecks: [SwiftSetting] = [.define("XENABI_INTERNAL_CHECKS", .when(configuration: .debug))]

let mocking: [SwiftSetting] = ProcessInfo.processInfo.environment["XENABI_MOCKING"] != nil
    ? [.define("ENABLE_MOCKING")]
    : [.define("ENABLE_MOCKING", .when(configuration: .debug))]

let package = Package(
    name: "XenABI",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "XenABI", targets: ["XenABI"]),
        .library(name: "XenModel", targets: ["XenModel"]),
        .library(name: "GuestPlacement", targets: ["GuestPlacement"]),
        .library(name: "SoftTLB", targets: ["SoftTLB"]),
        .library(name: "ScatterGather", targets: ["ScatterGather"]),
        .library(name: "XenTrace", targets: ["XenTrace"]),
        .library(name: "Privcmd", targets: ["Privcmd"]),
        .library(name: "XenToolstack", targets: ["XenToolstack"]),
        .executable(name: "xenabi", targets: ["xenabi"]),
        // The LD_PRELOAD hypercall recorder: libxenabi-record.so.
        .library(name: "xenabi-record", type: .dynamic, targets: ["XenRecorder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        // `swift package generate-documentation --target XenABI` (and each
        // public module): the DocC catalogs in Sources/<Module>/<Module>.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The real Xen 4.17 public headers from libxen-dev, plus this ABI's additions.
        .target(name: "CXen"),
        // The per-vCPU software TLB of registered hypercall buffers.
        .target(
            name: "SoftTLB",
            dependencies: ["CXen", .product(name: "Atomics", package: "swift-atomics")],
            swiftSettings: internalChecks
        ),
        // GFN-list descriptors: build (guest side) and walk (hypervisor side).
        .target(name: "ScatterGather", dependencies: ["CXen"]),
        // Op word, flavours, typed encoders/decoders, multicall.
        .target(name: "XenABI", dependencies: ["CXen", "SoftTLB", "ScatterGather"], swiftSettings: internalChecks),
        // The guest side of the ABI, written once: a call's buffers placed
        // and its handles rewritten in each owner's flavour (the model's
        // guest, Privcmd, the trace checker and the decoders' linear image).
        .target(name: "GuestPlacement", dependencies: ["XenABI", "ScatterGather"]),
        // The reference hypervisor model (an executable spec of the ABI) and
        // its guest: what the trace checker, conformance and tests run calls
        // on. A toolstack (Privcmd, XenToolstack) links none of it.
        .target(name: "XenModel", dependencies: ["CXen", "XenABI", "GuestPlacement", "SoftTLB", "ScatterGather"], swiftSettings: internalChecks),
        // Recorded hypercall traces: streaming reader and conformance checks.
        .target(name: "XenTrace", dependencies: ["XenABI", "GuestPlacement", "XenModel"], resources: [.copy("Traces")]),
        // LD_PRELOAD recorder of privcmd hypercalls, writing the trace format.
        .target(name: "XenRecorder"),
        // A fake toolstack for the recorder's test: privcmd ioctls on a path from the environment.
        .executableTarget(name: "xenabi-record-selftest", dependencies: ["CXen"]),
        // Timing harness and workloads shared by `xenabi bench` and Benchmarks/:
        // no product, so it is not API; Benchmarks/ compiles the same sources
        // through its Sources/XenABIBench symlink.
        .target(name: "XenABIBench", dependencies: ["SoftTLB", "XenABI", "XenModel", "ScatterGather"]),
        // Per-thread heap allocation counts for `xenabi bench` (malloc interposers; the executable only).
        .target(name: "CMallocCounter"),
        // The minimal C encoder the typed encode is compared with (`xenabi bench`; the executable only).
        .target(name: "CBenchPeers", dependencies: ["CXen"]),
        // One call's outcomes compared: across flavours on one hypervisor, and
        // between the real Xen and the model (the read-only allowlist, footprints).
        .target(name: "XenConformance", dependencies: ["XenABI", "GuestPlacement", "XenModel", "CXen"]),
        // privcmd ioctls, the hypercall buffer pool, and sending encoded calls to a real Xen.
        .target(name: "Privcmd", dependencies: ["CXen", "XenABI", "GuestPlacement", "ScatterGather"], swiftSettings: mocking),
        // A typed toolstack over Privcmd: what xl info / list / dmesg / vcpu-list read.
        .target(name: "XenToolstack", dependencies: ["Privcmd", "XenABI", "CXen"]),
        .executableTarget(
            name: "xenabi",
            dependencies: ["XenABI", "GuestPlacement", "XenModel", "XenTrace", "XenConformance", "XenABIBench", "CMallocCounter", "CBenchPeers", "XenToolstack", "Privcmd", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Runs inside a real Xen dom0 under QEMU: Tests/xen-integration/run.sh.
        .executableTarget(name: "xenabi-integration", dependencies: ["Privcmd", "XenToolstack", "XenABI", "GuestPlacement", "XenModel", "XenConformance", "CXen"]),
        // Helpers every test target shares (the seeded generator).
        .target(name: "XenABITestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "XenABITests", dependencies: ["XenABITestSupport", "XenABI", "GuestPlacement", "CXen"]),
        .testTarget(name: "PrivcmdTests", dependencies: ["Privcmd", "XenToolstack", "XenABI", "GuestPlacement", "ScatterGather", "CXen"], swiftSettings: mocking),
        .testTarget(name: "XenTraceTests", dependencies: ["XenABITestSupport", "XenTrace", "XenABI", "GuestPlacement", "XenModel", "CXen"]),
        // The hypervisor model and ScatterGather: equivalence of flavours, hostile descriptors.
        .testTarget(name: "ModelTests", dependencies: ["XenABITestSupport", "XenABI", "GuestPlacement", "XenModel", "ScatterGather", "SoftTLB", "CXen"], swiftSettings: internalChecks),
        // Conformance runs on the model, footprints, the read-only allowlist over the bundled traces.
        .testTarget(name: "XenConformanceTests", dependencies: ["XenConformance", "XenTrace", "XenABI", "XenModel", "CXen"]),
        .testTarget(name: "SoftTLBTests", dependencies: ["XenABITestSupport", "SoftTLB", "CXen"]),
    ],
    swiftLanguageModes: [.v6]
)

if fuzzing {
    package.products.append(.executable(name: "XenABIFuzz", targets: ["XenABIFuzz"]))
    package.targets.append(.executableTarget(
        name: "XenABIFuzz", dependencies: ["XenABI", "GuestPlacement", "XenModel", "ScatterGather", "SoftTLB"],
        // libFuzzer provides main(): no top-level code.
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ))
    // Arbitrary bytes as a trace file: the streaming reader and every check.
    package.products.append(.executable(name: "XenTraceFuzz", targets: ["XenTraceFuzz"]))
    package.targets.append(.executableTarget(
        name: "XenTraceFuzz", dependencies: ["XenTrace", "XenABI", "XenModel"],
        exclude: ["trace.dict"],
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ))
}
