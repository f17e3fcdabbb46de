import Privcmd

extension Toolstack {
    /// The name of each of `domains` as `xl list` shows it: xenstore's
    /// `/local/domain/<domid>/name` (libxl's `libxl_domid_to_name`). A domain
    /// without that key is left out.
    public static func domainNames(_ domains: [UInt16], store: XenStore) throws(PrivcmdError) -> [UInt16: String] {
        var names: [UInt16: String] = [:]
        for d in domains {
            if let n = try store.read("/local/domain/\(d)/name") { names[d] = n }
        }
        return names
    }
}
