import CZooKeeper
import Foundation

/// The requests of one handle, each a `zoo_a*` call whose completion resumes the caller.
extension ZooKeeperHandle {
    func create(path: String, data: Data, mode: CreateMode, acl: ACL) async throws -> String {
        let vector = acl.makeVector()
        return try await submit(operation: "create", path: path) { zh, _, box in
            withExtendedLifetime(vector) {
                data.withUnsafeBytes { bytes in
                    zoo_acreate(
                        zh, path, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                        vector.pointer, mode.flags, zooKeeperStringCompletion, box
                    )
                }
            }
        }
    }

    func get(path: String, watch: Bool) async throws -> NodeData {
        try await submit(operation: "get", path: path) { zh, context, box in
            watch
                ? zoo_awget(zh, path, zooKeeperWatcher, context, zooKeeperDataCompletion, box)
                : zoo_aget(zh, path, 0, zooKeeperDataCompletion, box)
        }
    }

    func set(path: String, data: Data, version: Int32) async throws -> NodeStat {
        try await submit(operation: "set", path: path) { zh, _, box in
            data.withUnsafeBytes { bytes in
                zoo_aset(
                    zh, path, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), version,
                    zooKeeperStatCompletion, box
                )
            }
        }
    }

    func delete(path: String, version: Int32) async throws {
        let _: Void = try await submit(operation: "delete", path: path) { zh, _, box in
            zoo_adelete(zh, path, version, zooKeeperVoidCompletion, box)
        }
    }

    func exists(path: String, watch: Bool) async throws -> NodeStat? {
        try await submit(operation: "exists", path: path) { zh, context, box in
            watch
                ? zoo_awexists(zh, path, zooKeeperWatcher, context, zooKeeperExistsCompletion, box)
                : zoo_aexists(zh, path, 0, zooKeeperExistsCompletion, box)
        }
    }

    func children(path: String, watch: Bool) async throws -> [String] {
        try await submit(operation: "children", path: path) { zh, context, box in
            watch
                ? zoo_awget_children(zh, path, zooKeeperWatcher, context, zooKeeperStringsCompletion, box)
                : zoo_aget_children(zh, path, 0, zooKeeperStringsCompletion, box)
        }
    }

    func multi(_ operations: [MultiOperation]) async throws -> [MultiResult] {
        let request = MultiRequest(operations)
        return try await submit(operation: "multi", path: nil, payload: request) { zh, _, box in
            zoo_amulti(zh, Int32(operations.count), request.ops, request.results, zooKeeperMultiCompletion, box)
        }
    }
}
