extension GuestStruct {
    /// Reads `size` bytes at `offset` of the buffer named by `handle` (one
    /// element of a guest array whose length is only known while reading it).
    public init(_ name: String, handle: UInt64, flavour: Flavour, offset: Int, size: Int,
                memory: some GuestMemoryReader) throws(DecodeError) {
        self.name = name
        self.handle = handle
        self.flavour = flavour
        do { bytes = try memory.bytes(handle: handle, flavour: flavour, offset: offset, count: size) } catch {
            throw DecodeError(.unreadable(error), at: name)
        }
    }
}
