import CXen

/// Offsets and sizes of C structs, taken from the imported libxen-dev types
/// (never retyped). `Tests/XenABITests/LayoutTests.swift` pins every row of
/// `Layout.rows` to the C compiler's `offsetof`/`sizeof` (`xenabi_layout_rows`).
public enum Layout {
    /// Byte offset of a stored field of an imported C struct.
    @inlinable
    public static func offset<T>(_ path: PartialKeyPath<T>) -> Int {
        guard let o = MemoryLayout<T>.offset(of: path) else {
            preconditionFailure("no stored-field offset for \(path)")
        }
        return o
    }

    /// Size of a field of an imported C struct (read from a zeroed value).
    @inlinable
    public static func size<T, F>(_ path: KeyPath<T, F>) -> Int {
        MemoryLayout<F>.size
    }

    /// One checked row: a type or field, with Swift's view of its layout.
    public struct Row: Hashable, Sendable {
        /// The C type name, as in `layout_rows.inc`.
        public var type: String
        /// The field's dot path, or "" for the whole type.
        public var field: String
        /// Byte offset of the field (0 for a whole type).
        public var offset: Int
        /// Size in bytes.
        public var size: Int

        /// A row for a whole type.
        public static func type<T>(_ name: String, _: T.Type) -> Row {
            Row(type: name, field: "", offset: 0, size: MemoryLayout<T>.size)
        }

        /// A row for a direct field.
        public static func field<T, F>(_ name: String, _ path: KeyPath<T, F>, _ fieldName: String) -> Row {
            Row(type: name, field: fieldName, offset: Layout.offset(path), size: MemoryLayout<F>.size)
        }

        /// A row for a nested path whose offset the caller composes (union members).
        public static func nested(_ name: String, _ fieldName: String, offset: Int, size: Int) -> Row {
            Row(type: name, field: fieldName, offset: offset, size: size)
        }
    }

    /// Every row the Swift side uses, gathered from each hypercall family.
    public static var rows: [Row] {
        MulticallLayout.rows + XenVersion.layoutRows + MemoryOp.layoutRows
            + XenctlBitmapLayout.rows + SysctlLayout.rows + SysctlLayout.perfcRows + DomctlLayout.rows + DomctlLayout.credit2Rows + FlaskLayout.rows + DMOpLayout.rows + PlatformLayout.rows
            + PhysInfoLayout.rows + DomainInfoLayout.rows
            + VCPUOp.layoutRows
            + GrantTableOp.layoutRows
            + EventChannelOp.layoutRows
            + SchedOp.layoutRows
            + MMUUpdate.layoutRows
            + MMUExtOp.layoutRows
            + SetTrapTable.layoutRows
            + PhysdevOp.layoutRows
            + HVMOp.layoutRows
            + CallbackOp.layoutRows
            + XenPMUOp.layoutRows
            + KexecOp.layoutRows
            + ArgoOp.layoutRows
            + Domctl.structLayoutRows + PlatformOp.structLayoutRows
            + XenVersionOutputLayout.rows
    }
}

/// `struct multicall_entry` (`public/xen.h`): op, result, args[6], 64 bytes on 64-bit.
public enum MulticallLayout {
    /// `sizeof(multicall_entry_t)`
    @inlinable public static var size: Int { MemoryLayout<multicall_entry_t>.size }
    /// `offsetof(multicall_entry_t, op)`
    @inlinable public static var op: Int { MemoryLayout<multicall_entry_t>.offset(of: \.op)! }
    /// `offsetof(multicall_entry_t, result)`
    @inlinable public static var result: Int { MemoryLayout<multicall_entry_t>.offset(of: \.result)! }
    /// `offsetof(multicall_entry_t, args)`
    @inlinable public static var args: Int { MemoryLayout<multicall_entry_t>.offset(of: \.args)! }
    /// Number of `args` slots (6; a hypercall uses the first five).
    @inlinable public static var argCount: Int { MemoryLayout.size(ofValue: multicall_entry_t().args) / MemoryLayout<xen_ulong_t>.size }

    static var rows: [Layout.Row] {
        [
            .type("multicall_entry_t", multicall_entry_t.self),
            .field("multicall_entry_t", \multicall_entry_t.op, "op"),
            .field("multicall_entry_t", \multicall_entry_t.result, "result"),
            .field("multicall_entry_t", \multicall_entry_t.args, "args"),
        ]
    }
}
