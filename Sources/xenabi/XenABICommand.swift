import ArgumentParser

/// `xenabi`: the physical-address hypercall ABI from the command line.
@main
struct XenABICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xenabi",
        abstract: "Xen's physical-address hypercall ABI: encode, check traces, benchmark, talk to Xen.",
        subcommands: [EncodeCommand.self, ListCommand.self, InfoCommand.self, DomainListCommand.self, DmesgCommand.self,
                      PauseCommand.self, UnpauseCommand.self, DestroyCommand.self, MemMaxCommand.self, MemSetCommand.self,
                      VCPUPinCommand.self, VCPUAffinityCommand.self, SchedCredit2Command.self,
                      CpupoolListCommand.self, CpupoolCreateCommand.self, CpupoolDestroyCommand.self, CpupoolMigrateCommand.self,
                      XenStoreReadCommand.self, XenStoreWriteCommand.self, XenStoreRmCommand.self, XenStoreMkdirCommand.self,
                      XenStoreChmodCommand.self, XenStoreWatchCommand.self,
                      PerfcCommand.self, TraceCommand.self, RecordCommand.self, BenchCommand.self]
    )
}
