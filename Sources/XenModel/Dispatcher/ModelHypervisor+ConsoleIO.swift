import XenABI
/// `do_console_io` (xen/drivers/char/console.c): `CONSOLEIO_write` appends
/// the guest's bytes to the console and returns 0; `CONSOLEIO_read` copies
/// up to `count` bytes of pending console input out and returns how many
/// (consumed only when the copy succeeded).
extension ModelHypervisor {
    func consoleIO(_ c: ConsoleIO, _ raw: RawHypercall, _ out: inout OutputBatch) throws(XenErrno) -> Int64 {
        switch c {
        case .write(let bytes):
            let d = domain
            out.addEffect { d.consoleOutput += bytes }
            return 0
        case .read(let count):
            let n = min(Int(count), domain.consoleInput.count)
            if n > 0 { out.write(Array(domain.consoleInput.prefix(n)), handle: raw.args[2], flavour: raw.op.flavour) }
            let d = domain
            out.addEffect { d.consoleInput.removeFirst(n) }
            return Int64(n)
        }
    }
}
