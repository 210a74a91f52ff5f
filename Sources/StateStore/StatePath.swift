import Foundation

/// Store paths: ZooKeeper's rules, checked the same way by every store before anything else happens.
enum StatePath {
    static let root = "/"

    /// Throws `invalidPath` unless `path` is a valid absolute path.
    static func validate(_ path: String, operation: String) throws {
        if let problem = problem(with: path) {
            throw StateStoreError(code: .invalidPath, operation: operation, path: path, detail: problem)
        }
    }

    static func problem(with path: String) -> String? {
        guard path.hasPrefix("/") else { return "a path must start with /" }
        guard path != root else { return nil }
        guard !path.hasSuffix("/") else { return "a path must not end with /" }
        for component in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { return "empty path component" }
            if component == "." || component == ".." { return "relative path component '\(component)'" }
        }
        for scalar in path.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0xD800...0xF8FF, 0xFFF0...0xFFFF:
                return "character U+\(String(scalar.value, radix: 16, uppercase: true)) is not allowed"
            default:
                continue
            }
        }
        return nil
    }

    /// The parent of a valid path other than the root.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return root }
        return String(path[..<slash])
    }

    /// The last component of a valid path other than the root.
    static func name(of path: String) -> String {
        String(path[path.index(after: path.lastIndex(of: "/")!)...])
    }

    /// The ancestors of a valid path, from the top down, excluding the root and the path.
    static func ancestors(of path: String) -> [String] {
        var result: [String] = []
        var current = parent(of: path)
        while current != root {
            result.insert(current, at: 0)
            current = parent(of: current)
        }
        return result
    }

    static func checkData(_ data: Data, operation: String, path: String) throws {
        if data.count > StateStoreLimits.maxDataSize {
            throw StateStoreError(
                code: .dataTooLarge, operation: operation, path: path, detail: "\(data.count) bytes"
            )
        }
    }

    /// Checks what every store checks before touching anything: the path, the root, and the data size.
    static func precheck(_ operation: StateOperation) throws {
        try validate(operation.path, operation: operation.name)
        switch operation {
        case .create(let path, let data):
            try checkData(data, operation: "create", path: path)
            if path == root { throw StateStoreError(code: .nodeExists, operation: "create", path: path) }
        case .set(let path, let data, _):
            try checkData(data, operation: "set", path: path)
        case .delete(let path, _):
            if path == root {
                throw StateStoreError(
                    code: .invalidPath, operation: "delete", path: path, detail: "the root cannot be deleted"
                )
            }
        case .check:
            break
        }
    }

    /// `precheck` for every operation of a multi, reporting the position of the first refused one.
    static func precheck(multi operations: [StateOperation]) throws {
        for (index, operation) in operations.enumerated() {
            do {
                try precheck(operation)
            } catch let error as StateStoreError {
                throw error.inMulti(at: index)
            }
        }
    }
}
