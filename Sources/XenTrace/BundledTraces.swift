import Foundation

/// The real Xen 4.17 traces shipped with the package (copied from
/// `shared/traces`, see `Traces/README.md`): what `xenabi trace check`
/// checks when given no file.
public enum BundledTraces {
    /// Paths of the bundled `.jsonl` traces, sorted by name.
    public static var paths: [String] {
        guard let dir = Bundle.module.url(forResource: "Traces", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { dir.appendingPathComponent($0).path }
    }
}
