import Foundation
import XenABI

/// Reads a trace line by line: the header at `init`, then one call per
/// `next()`. Only the current line is in memory, so a trace of any length
/// streams. Every malformed line is a `TraceError` naming its line and field.
public final class TraceReader {
    /// The file name used in errors.
    public let path: String
    /// Line 1.
    public private(set) var header: TraceHeader
    /// Bytes consumed so far (for progress).
    public private(set) var bytesRead: Int = 0
    /// The file's size in bytes (0 if unknown).
    public let fileSize: Int

    /// The longest line read (bytes, without the newline).
    public let maxLineBytes: Int

    /// The default `maxLineBytes`: 320 MiB. The most guest memory a
    /// decodable call references is one multicall batch:
    /// `Multicall.maxBatchBytes` (64 MiB of the entries' lists) plus its call
    /// list (`Multicall.maxEntries` x 64 bytes, 4 MiB), recorded as hex
    /// (2 characters a byte) twice (`before` and `after`): 272 MiB; the
    /// rest is room for the JSON around it (about 60 bytes a region).
    public static let defaultMaxLineBytes = 4 * (Multicall.maxBatchBytes + Multicall.maxEntries * 64) + (48 << 20)

    private let file: UnsafeMutablePointer<FILE>
    private var lines: LineReader
    private var lineNumber = 0
    /// The bytes behind an in-memory trace (`init(contents:name:)`), freed at deinit.
    private let contents: UnsafeMutableRawBufferPointer?

    /// Opens `path` and reads its header line; no line may exceed `maxLineBytes`.
    public convenience init(path: String, maxLineBytes: Int = TraceReader.defaultMaxLineBytes) throws(TraceError) {
        guard let f = fopen(path, "r") else {
            throw TraceError(file: path, line: 0, field: "", .io(String(cString: strerror(errno))))
        }
        var st = stat()
        let size = fstat(fileno(f), &st) == 0 ? Int(st.st_size) : 0
        try self.init(file: f, path: path, size: size, contents: nil, maxLineBytes: maxLineBytes)
    }

    /// Reads a trace held in memory (a copy of `contents`), named `name` in
    /// errors: the same streaming reader over the same bytes a file would
    /// give (the fuzz target's entry, with a small `maxLineBytes`).
    public convenience init(contents: some Collection<UInt8>, name: String,
                            maxLineBytes: Int = TraceReader.defaultMaxLineBytes) throws(TraceError) {
        // fmemopen refuses a zero-length buffer on some C libraries: keep one byte, expose none.
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, contents.count), alignment: 1)
        copy.copyBytes(from: contents)
        let f = contents.isEmpty ? fopen("/dev/null", "r") : fmemopen(copy.baseAddress, contents.count, "r")
        guard let f else {
            copy.deallocate()
            throw TraceError(file: name, line: 0, field: "", .io(String(cString: strerror(errno))))
        }
        try self.init(file: f, path: name, size: contents.count, contents: copy, maxLineBytes: maxLineBytes)
    }

    private init(file f: UnsafeMutablePointer<FILE>, path: String, size: Int, contents: UnsafeMutableRawBufferPointer?,
                 maxLineBytes: Int) throws(TraceError) {
        self.path = path
        self.maxLineBytes = maxLineBytes
        file = f
        lines = LineReader(f)
        fileSize = size
        self.contents = contents
        header = TraceHeader()
        // Every stored property is set: a throw from here on runs deinit, which closes the file.
        guard try readLine() else {
            throw TraceError(file: path, line: 1, field: "", .badHeader("empty file"))
        }
        header = try lines.line.withUnsafeBufferPointer { b throws(TraceError) in try TraceParser(file: path, line: 1).header(b) }
    }

    deinit {
        fclose(file)
        contents?.deallocate()
    }

    /// The next call, or nil at the end of the file. Blank lines are skipped.
    public func next() throws(TraceError) -> TraceCall? {
        while try readLine() {
            if lines.line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let parser = TraceParser(file: path, line: lineNumber)
            return try lines.line.withUnsafeBufferPointer { b throws(TraceError) in try parser.call(b) }
        }
        return nil
    }

    private func readLine() throws(TraceError) -> Bool {
        do throws(LineReader.Failure) {
            guard try lines.next(limit: maxLineBytes) else { return false }
        } catch {
            switch error {
            case .tooLong: throw TraceError(file: path, line: lineNumber + 1, field: "", .lineTooLong(limit: maxLineBytes))
            case .io(let e): throw TraceError(file: path, line: lineNumber + 1, field: "", .io(String(cString: strerror(e))))
            }
        }
        lineNumber += 1
        bytesRead = lines.bytesRead
        return true
    }
}

