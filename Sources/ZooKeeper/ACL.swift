import CZooKeeper
import Foundation

/// Who may do what with a node.
public enum ACL: Sendable, Hashable, CaseIterable {
    /// Anyone may do anything (`world:anyone` with all permissions).
    case open
    /// Only the identities the creating client authenticated as (digest credentials) may do anything;
    /// creating a node with it needs an authenticated client, else the server answers `invalidACL`.
    case creatorAll
    /// Anyone may read; nobody may change, delete or add children.
    case worldRead
    /// The creator may do anything, anyone may read.
    case creatorAllWorldRead

    /// The C ACL vector for this choice. The library serialises it during the call that receives it, so it
    /// must live only until that call returns.
    func makeVector() -> ACLVector {
        switch self {
        case .open: return ACLVector(shared: czk_open_acl_unsafe())
        case .creatorAll: return ACLVector(shared: czk_creator_all_acl())
        case .worldRead: return ACLVector(shared: czk_read_acl_unsafe())
        case .creatorAllWorldRead:
            return ACLVector(entries: [(czk_perm_all(), "auth", ""), (czk_perm_read(), "world", "anyone")])
        }
    }
}

/// Owns a C `ACL_vector`: either one of the library's static vectors or one built here and freed in `deinit`.
final class ACLVector {
    let pointer: UnsafeMutablePointer<ACL_vector>
    private let owned: Bool

    init(shared pointer: UnsafeMutablePointer<ACL_vector>) {
        self.pointer = pointer
        self.owned = false
    }

    init(entries: [(perms: Int32, scheme: String, id: String)]) {
        let acls = UnsafeMutablePointer<CZooKeeper.ACL>.allocate(capacity: entries.count)
        for (index, entry) in entries.enumerated() {
            acls[index] = CZooKeeper.ACL(perms: entry.perms, id: Id(scheme: strdup(entry.scheme), id: strdup(entry.id)))
        }
        pointer = UnsafeMutablePointer<ACL_vector>.allocate(capacity: 1)
        pointer.initialize(to: ACL_vector(count: Int32(entries.count), data: acls))
        owned = true
    }

    deinit {
        guard owned else { return }
        let vector = pointer.pointee
        for index in 0..<Int(vector.count) {
            free(vector.data[index].id.scheme)
            free(vector.data[index].id.id)
        }
        vector.data.deallocate()
        pointer.deallocate()
    }
}
