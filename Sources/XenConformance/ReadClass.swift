/// A class of read-only calls (one hypercall and sub-op) that the
/// differential check may replay in dom0: its name, and which parts of its
/// outcome are the host's own state rather than the call's semantics.
///
/// The model and a real Xen describe different machines (CPUs, domains,
/// console contents, versions), so `Differential` compares what a call
/// writes and where, never the values. Three things vary with the machine
/// and are compared by shape only:
/// - a `hostValue` result (a version, a count, a size): equal sign, or the
///   same errno;
/// - a `HostExtent`: an array whose length is the host's (one element per
///   CPU, domain, console byte, CPUID leaf): each side must have written
///   whole elements from its start, any number of them;
/// - a `HostField`: an in/out count Xen writes back (it shows as changed
///   only when the host's value differs from the guest's): not compared.
public struct ReadClass: Hashable, Sendable, CustomStringConvertible {
    /// How the result is compared.
    public enum Result: Hashable, Sendable {
        /// 0 or a fixed value on success: compared exactly.
        case status
        /// A value of the host's (a version, a count, a size): compared by
        /// sign, errnos exactly.
        case hostValue
    }

    /// Elements of `element` bytes from byte `from` of encoded buffer
    /// `buffer`, as many as the host has.
    public struct HostExtent: Hashable, Sendable {
        /// The encoded buffer's index.
        public var buffer: Int
        /// Where the elements start in it.
        public var from: Int
        /// Bytes per element.
        public var element: Int

        /// An extent of `element`-byte elements from `from` of `buffer`.
        public init(buffer: Int, from: Int = 0, element: Int) {
            self.buffer = buffer
            self.from = from
            self.element = element
        }
    }

    /// An in/out field of encoded buffer `buffer` holding a host value.
    public struct HostField: Hashable, Sendable {
        /// The encoded buffer's index.
        public var buffer: Int
        /// Its bytes.
        public var range: Range<Int>

        /// The field at `range` of `buffer`.
        public init(buffer: Int = 0, _ range: Range<Int>) {
            self.buffer = buffer
            self.range = range
        }
    }

    /// `hypercall.sub_op` as Xen names it (`sysctl.physinfo`); a multicall's
    /// is `multicall[` its entries' names `]`.
    public var name: String
    /// How its result is compared.
    public var result: Result
    /// Its host-sized arrays.
    public var hostExtents: [HostExtent]
    /// Its in/out fields holding host values.
    public var hostFields: [HostField]

    /// A class named `name`.
    public init(_ name: String, result: Result = .status, hostExtents: [HostExtent] = [], hostFields: [HostField] = []) {
        self.name = name
        self.result = result
        self.hostExtents = hostExtents
        self.hostFields = hostFields
    }

    public var description: String { name }
}
