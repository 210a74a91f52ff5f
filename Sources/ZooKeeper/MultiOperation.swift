import CZooKeeper
import Foundation

/// One operation of an atomic `multi` transaction.
public enum MultiOperation: Sendable, Hashable {
    /// Fails the transaction unless the node exists with this version (`anyVersion`: exists at all).
    case check(path: String, version: Int32)
    case create(path: String, data: Data, mode: CreateMode = .persistent, acl: ACL = .open)
    case set(path: String, data: Data, version: Int32 = anyVersion)
    case delete(path: String, version: Int32 = anyVersion)

    /// The node the operation concerns.
    public var path: String {
        switch self {
        case .check(let path, _), .create(let path, _, _, _), .set(let path, _, _), .delete(let path, _):
            return path
        }
    }
}

/// The result of one operation of a successful `multi`, in the order of the operations.
public enum MultiResult: Sendable, Hashable {
    case check
    /// The created path (with its sequence suffix for sequential modes).
    case create(path: String)
    case set(NodeStat)
    case delete
}

/// The C memory of one `zoo_amulti` call. The library writes the results, created paths and stats on its
/// completion thread after `zoo_amulti` returned, so all of it lives on the heap until the completion has run
/// (the completion box holds this object).
final class MultiRequest {
    let operations: [MultiOperation]
    let ops: UnsafeMutablePointer<zoo_op_t>
    let results: UnsafeMutablePointer<zoo_op_result_t>
    private var allocations: [UnsafeMutableRawPointer] = []
    private var stats: [Int: UnsafeMutablePointer<Stat>] = [:]
    private var aclVectors: [ACLVector] = []

    init(_ operations: [MultiOperation]) {
        self.operations = operations
        let count = max(operations.count, 1)
        ops = .allocate(capacity: count)
        results = .allocate(capacity: count)
        results.initialize(repeating: zoo_op_result_t(), count: count)
        ops.initialize(repeating: zoo_op_t(), count: count)
        for (index, operation) in operations.enumerated() {
            let path = copy(operation.path)
            switch operation {
            case .check(_, let version):
                zoo_check_op_init(ops + index, path, version)
            case .create(let nodePath, let data, let mode, let acl):
                let (bytes, length) = copy(data)
                let vector = acl.makeVector()
                aclVectors.append(vector)
                // Room for the path, a 10-digit sequence suffix and the terminator.
                let bufferLength = nodePath.utf8.count + 16
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bufferLength)
                buffer.initialize(repeating: 0, count: bufferLength)
                allocations.append(UnsafeMutableRawPointer(buffer))
                zoo_create_op_init(
                    ops + index, path, bytes, length, vector.pointer, mode.flags, buffer, Int32(bufferLength)
                )
            case .set(_, let data, let version):
                let (bytes, length) = copy(data)
                let stat = UnsafeMutablePointer<Stat>.allocate(capacity: 1)
                stat.initialize(to: Stat())
                stats[index] = stat
                zoo_set_op_init(ops + index, path, bytes, length, version, stat)
            case .delete(_, let version):
                zoo_delete_op_init(ops + index, path, version)
            }
        }
    }

    deinit {
        allocations.forEach { $0.deallocate() }
        stats.values.forEach { $0.deallocate() }
        ops.deallocate()
        results.deallocate()
    }

    private func copy(_ string: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(string.utf8CString)
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
        pointer.initialize(from: utf8, count: utf8.count)
        allocations.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    private func copy(_ data: Data) -> (UnsafeMutablePointer<CChar>, Int32) {
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: max(data.count, 1))
        data.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                pointer.update(from: base.assumingMemoryBound(to: CChar.self), count: bytes.count)
            }
        }
        allocations.append(UnsafeMutableRawPointer(pointer))
        return (pointer, Int32(data.count))
    }

    /// The outcome once the library has filled `results`: every result, or the first failing operation.
    func results(resultCode: Int32) -> Result<[MultiResult], any Error> {
        if resultCode != ZOK.rawValue {
            // A lost connection or a closing client fails the transaction as a whole, not one operation.
            let code = ZooKeeperError.Code(resultCode: resultCode)
            if code.isConnectionProblem || code == .closing {
                return .failure(ZooKeeperError(code: code, operation: "multi", path: nil))
            }
            for index in operations.indices {
                let code = results[index].err
                if code != ZOK.rawValue && code != ZRUNTIMEINCONSISTENCY.rawValue {
                    return .failure(
                        ZooKeeperError(
                            resultCode: code, operation: "multi", path: operations[index].path,
                            failedOperationIndex: index
                        )
                    )
                }
            }
            return .failure(ZooKeeperError(resultCode: resultCode, operation: "multi", path: nil))
        }
        var outcome: [MultiResult] = []
        for (index, operation) in operations.enumerated() {
            switch operation {
            case .check:
                outcome.append(.check)
            case .create(let path, _, _, _):
                let created = results[index].value.map { String(cString: $0) } ?? path
                outcome.append(.create(path: created))
            case .set:
                outcome.append(.set(stats[index].map { NodeStat($0.pointee) } ?? NodeStat()))
            case .delete:
                outcome.append(.delete)
            }
        }
        return .success(outcome)
    }
}
