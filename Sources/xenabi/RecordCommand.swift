import ArgumentParser
import Foundation

/// `xenabi record [--output FILE] -- COMMAND...`: runs COMMAND with the
/// LD_PRELOAD recorder (`libxenabi-record.so`, built next to `xenabi`), so
/// every privcmd hypercall it issues lands in a trace.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a program's privcmd hypercalls into a trace (LD_PRELOAD libxenabi-record.so).",
        discussion: "Example: xenabi record -o xl-info.jsonl -- xl info"
    )

    @Option(name: [.short, .long], help: "The trace file to write.")
    var output = "xenabi-trace.jsonl"

    @Option(help: "The recorder library (default: libxenabi-record.so next to this executable).")
    var library: String?

    @Argument(parsing: .captureForPassthrough, help: "The command to run, after --.")
    var command: [String] = []

    func run() throws {
        var argv = command
        if argv.first == "--" { argv.removeFirst() }
        guard !argv.isEmpty else { throw ValidationError("give the command to record after --") }
        let lib = library ?? RecordCommand.defaultLibrary
        guard FileManager.default.fileExists(atPath: lib) else {
            throw ValidationError("recorder library not found at \(lib) (swift build builds it)")
        }
        let preload = [lib, ProcessInfo.processInfo.environment["LD_PRELOAD"]].compactMap { $0 }.filter { !$0.isEmpty }
        setenv("LD_PRELOAD", preload.joined(separator: ":"), 1)
        setenv("XENABI_RECORD_OUT", URL(fileURLWithPath: output).path, 1)
        var cargs = argv.map { strdup($0) } + [nil]
        execvp(argv[0], &cargs)
        throw ValidationError("cannot run \(argv[0]): \(String(cString: strerror(errno)))")
    }

    static var defaultLibrary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("libxenabi-record.so").path
    }
}
