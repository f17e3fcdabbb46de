#if canImport(Glibc)
import Glibc
#endif

/// Reads a file a line at a time into one reused buffer, never holding
/// more than `limit` bytes of a line: `getline` grows its buffer until the
/// newline comes, so `/dev/zero` (or any file without one) grew until OOM.
struct LineReader {
    /// Why a line could not be read.
    enum Failure: Error {
        /// The line has more than `limit` bytes (the rest of it is not read).
        case tooLong
        /// `fread` failed: errno.
        case io(Int32)
    }

    private let file: UnsafeMutablePointer<FILE>
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0, end = 0
    /// The current line without its `\n`.
    private(set) var line: [UInt8] = []
    /// Bytes consumed so far, newlines included.
    private(set) var bytesRead = 0

    init(_ file: UnsafeMutablePointer<FILE>) { self.file = file }

    /// Reads the next line into `line`; false at the end of the file.
    mutating func next(limit: Int) throws(Failure) -> Bool {
        line.removeAll(keepingCapacity: true)
        var sawAny = false
        while true {
            if start == end {
                let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress!, 1, $0.count, file) }
                if n == 0 {
                    if ferror(file) != 0 { throw .io(errno) }
                    return sawAny
                }
                start = 0
                end = n
            }
            sawAny = true
            // memchr: the newline search is a pass over every byte of the trace.
            let newline: Int? = chunk.withUnsafeBufferPointer { p in
                memchr(p.baseAddress! + start, 0x0A, end - start).map { p.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
            }
            let stop = newline ?? end
            guard line.count + (stop - start) <= limit else { throw .tooLong }
            line.append(contentsOf: chunk[start ..< stop])
            bytesRead += stop - start
            start = stop
            if newline != nil {
                start += 1
                bytesRead += 1
                return true
            }
        }
    }
}
