#if canImport(Glibc)
import Glibc
#endif

// xenabi-integration: runs inside a real Xen dom0 (Tests/xen-integration/run.sh).
//   xenabi-integration check [XLDIR] [pv|pvh]
//                                       raw privcmd, typed calls, bindings vs xl output in XLDIR;
//                                       pv: stock Xen (no physical flavours), pvh: the patched Xen
//   xenabi-integration bench N          timings to compare with bench-xencall
//   xenabi-integration interleaved N    the same against dlopen'ed libxencall, alternating blocks
let arguments = CommandLine.arguments
let report = Report()
switch arguments.count > 1 ? arguments[1] : "check" {
case "interleaved":
    Bench.interleaved(report, iterations: arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000)
    exit(0)
case "bench":
    Bench.run(report, iterations: arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000)
    exit(0)
case "timing":
    PhysicalTiming.run(report, iterations: arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000)
    exit(0)
default:
    let lane = arguments.count > 3 ? arguments[3] : "pv"
    RawChecks.run(report, lane: lane)
    if lane == "pvh" {
        PhysicalChecks.run(report)
        TraceDifferential.run(report)
    }
    ToolstackChecks.run(report, dir: arguments.count > 2 ? arguments[2] : "/tmp/out", flavour: .tagged)
    // A guest created with xl create -p, operated on by the bindings and read back through xl (pv lane).
    if lane == "pv" && access(DomainChecks.config, R_OK) == 0 { DomainChecks.run(report, dir: arguments.count > 2 ? arguments[2] : "/tmp/out") }
    // Last: they fill Xen's console ring, which the toolstack checks compare with xl's.
    if lane == "pvh" { PreemptionChecks.checkAgainstXenperf(report); TLBChecks.run(report); TLBShareStress.run(report); PreemptionChecks.run(report) }
    exit(report.finish())
}
