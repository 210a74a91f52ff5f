import Foundation
import Logging
import StateStore
import TestSupport
import Testing
import ZooKeeper

/// The implementations the contract suite runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case zooKeeper
    case inMemory

    var testDescription: String { rawValue }
}

let quietLogger: Logger = {
    var logger = Logger(label: "kafka-scheduler.statestore.tests")
    logger.logLevel = .warning
    return logger
}()

/// Runs `body` with a fresh, empty store of `kind`: the in-memory store, or a ZooKeeper store rooted at a
/// unique path on the shared test server.
func withStore(_ kind: StoreKind, _ body: (any StateStore) async throws -> Void) async throws {
    switch kind {
    case .inMemory:
        try await body(InMemoryStateStore())
    case .zooKeeper:
        let server = try await ZooKeeperServer.shared()
        let client = try await server.connect(logger: quietLogger)
        do {
            let store = try await ZooKeeperStateStore(client: client, root: uniqueZNodePath("store") + "/state")
            try await body(store)
            await client.close()
        } catch {
            await client.close()
            throw error
        }
    }
}

/// Runs `operation` and returns the `StateStoreError` it throws; records an issue if it succeeds or throws
/// something else.
func storeError(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: () async throws -> some Any
) async -> StateStoreError? {
    do {
        _ = try await operation()
        Issue.record("expected a StateStoreError, the operation succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as StateStoreError {
        return error
    } catch {
        Issue.record("expected a StateStoreError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The parts of an error both implementations must agree on.
struct ErrorShape: Equatable, CustomStringConvertible {
    let code: StateStoreError.Code
    let operation: String
    let path: String
    let index: Int?

    init(_ code: StateStoreError.Code, _ operation: String, _ path: String, index: Int? = nil) {
        self.code = code
        self.operation = operation
        self.path = path
        self.index = index
    }

    init?(_ error: StateStoreError?) {
        guard let error else { return nil }
        self.init(error.code, error.operation, error.path, index: error.failedOperationIndex)
    }

    var description: String { "\(code) \(operation) \(path)" + (index.map { " at \($0)" } ?? "") }
}

extension String {
    var bytes: Data { Data(utf8) }
}
