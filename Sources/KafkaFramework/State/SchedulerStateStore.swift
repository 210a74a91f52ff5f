import Foundation
import Logging
import Mesos
import Plan
import StateStore

/// The scheduler's persistent state in a `StateStore`, at the paths of a `StateLayout`: the framework id,
/// the schema version, the configurations with their history and target, the broker records and the plan
/// progress. Writes that belong together go in one `multi`.
public struct SchedulerStateStore: Sendable {
    public let store: any StateStore
    public let layout: StateLayout
    let logger: Logger

    public init(
        store: any StateStore, layout: StateLayout,
        logger: Logger = Logger(label: "kafka-scheduler.state")
    ) {
        self.store = store
        self.layout = layout
        self.logger = logger
    }

    // MARK: Layout and schema

    /// Creates the service's directories when missing and checks the schema version, writing it on a first
    /// start.
    ///
    /// - Throws: `.unsupportedSchemaVersion` for state written by a newer layout.
    public func prepare() async throws(SchedulerStateError) {
        for directory in layout.directories {
            try await call(directory) {
                if try await store.exists(directory) == nil {
                    do {
                        try await store.create(directory, data: Data(), createParents: true)
                    } catch let error as StateStoreError where error.code == .nodeExists {
                        // Created meanwhile: fine.
                    }
                }
            }
        }
        let path = layout.schemaVersion
        let node = try await call(path) { try await store.get(path) }
        guard let node else {
            try await call(path) {
                try await store.create(path, data: Data(String(StateLayout.schemaVersion).utf8), createParents: false)
            }
            return
        }
        let text = String(decoding: node.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let version = Int(text) else {
            throw .unreadable(path: path, reason: "'\(text)' is not a schema version number")
        }
        guard version <= StateLayout.schemaVersion else {
            throw .unsupportedSchemaVersion(found: text, supported: StateLayout.schemaVersion, path: path)
        }
    }

    // MARK: Framework id

    /// The stored framework id, nil before the first subscription.
    public func loadFrameworkID() async throws(SchedulerStateError) -> FrameworkID? {
        let path = layout.frameworkID
        guard let node = try await call(path, { try await store.get(path) }) else { return nil }
        let value = String(decoding: node.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : FrameworkID(value)
    }

    /// Stores the framework id (creating or replacing the node).
    public func storeFrameworkID(_ id: FrameworkID) async throws(SchedulerStateError) {
        try await put(layout.frameworkID, Data(id.value.utf8))
    }

    /// Forgets the framework id (the master removed the framework: the next subscription registers anew).
    public func deleteFrameworkID() async throws(SchedulerStateError) {
        let path = layout.frameworkID
        try await call(path) {
            do {
                try await store.delete(path)
            } catch let error as StateStoreError where error.code == .noNode {
                // Already gone.
            }
        }
    }

    // MARK: Configurations

    /// The stored configurations. Ids in the history whose node is missing or unreadable are left out (and
    /// logged); an unreadable target is an error.
    public func loadConfigurations() async throws(SchedulerStateError) -> StoredConfigurations {
        var result = StoredConfigurations()
        let targetNode = try await call(layout.target) { try await store.get(layout.target) }
        if let targetNode {
            let id = String(decoding: targetNode.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            result.targetID = id.isEmpty ? nil : id
            result.targetVersion = targetNode.version
        }
        let historyNode = try await call(layout.history) { try await store.get(layout.history) }
        var history: [String] = []
        if let historyNode {
            result.historyVersion = historyNode.version
            do {
                history = try JSONDecoder().decode([String].self, from: historyNode.data)
            } catch {
                throw .unreadable(path: layout.history, reason: "expected a JSON array of configuration ids: \(error)")
            }
        }
        // Configurations stored without a history entry (none are, but a hand-made one would be) come last.
        let children = try await call(layout.configurations) { try await store.children(layout.configurations) }
        let known = Set(history)
        history += children.filter { StateLayout.isConfigurationID($0) && !known.contains($0) }.sorted()
        for id in history {
            let path = layout.configuration(id)
            guard let node = try await call(path, { try await store.get(path) }) else {
                if id == result.targetID {
                    throw .unreadable(path: path, reason: "the target configuration is missing")
                }
                logger.warning("A configuration in the history is missing", metadata: ["path": "\(path)"])
                continue
            }
            do {
                result.byID[id] = try ServiceConfiguration.decode(from: node.data)
                result.history.append(id)
            } catch {
                if id == result.targetID {
                    throw .unreadable(path: path, reason: "not a configuration this scheduler reads: \(error)")
                }
                logger.warning(
                    "A stored configuration cannot be read; it is left out",
                    metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
        if let targetID = result.targetID, result.byID[targetID] == nil {
            throw .unreadable(path: layout.configuration(targetID), reason: "the target configuration is missing")
        }
        return result
    }

    /// Stores `configuration` under `id` and makes it the target, in one transaction with the history (pruned
    /// to the configurations in `referenced` plus the newest ten), the new plan progress and the removal of
    /// the previous targets' progress.
    public func storeTarget(
        _ configuration: ServiceConfiguration, id: String, replacing current: StoredConfigurations,
        referenced: Set<String>, progress: PlanProgress
    ) async throws(SchedulerStateError) -> StoredConfigurations {
        let configData: Data
        let progressData: Data
        do {
            configData = try configuration.canonicalJSON()
            progressData = try CanonicalJSON.encode(progress)
        } catch {
            throw .unreadable(path: layout.configuration(id), reason: "cannot encode: \(error)")
        }
        var referencedAndTarget = referenced
        referencedAndTarget.insert(id)
        let (kept, removed) = ConfigurationHistory.prune(current.history + [id], referenced: referencedAndTarget)
        let historyData = (try? JSONEncoder().encode(kept)) ?? Data("[]".utf8)
        let oldProgress = try await call(layout.plan) { try await store.children(layout.plan) }.filter { $0 != id }

        var operations: [StateOperation] = [.create(path: layout.configuration(id), data: configData)]
        if let version = current.targetVersion {
            operations.append(.set(path: layout.target, data: Data(id.utf8), expectedVersion: version))
        } else {
            operations.append(.create(path: layout.target, data: Data(id.utf8)))
        }
        if let version = current.historyVersion {
            operations.append(.set(path: layout.history, data: historyData, expectedVersion: version))
        } else {
            operations.append(.create(path: layout.history, data: historyData))
        }
        for old in removed {
            operations.append(.delete(path: layout.configuration(old), expectedVersion: nil))
        }
        operations.append(.create(path: layout.planProgress(targetID: id), data: progressData))
        for old in oldProgress {
            operations.append(.delete(path: layout.planProgress(targetID: old), expectedVersion: nil))
        }
        let results = try await call(layout.configurations) { try await store.multi(operations) }

        var updated = StoredConfigurations(targetID: id, history: kept, byID: current.byID)
        updated.byID[id] = configuration
        for old in removed { updated.byID[old] = nil }
        if case .set(let version) = results[1] { updated.targetVersion = version } else { updated.targetVersion = 0 }
        if case .set(let version) = results[2] { updated.historyVersion = version } else { updated.historyVersion = 0 }
        if !removed.isEmpty {
            logger.info("Pruned configurations no broker runs", metadata: ["ids": "\(removed.joined(separator: ","))"])
        }
        return updated
    }

    // MARK: Broker records

    /// Every stored broker record, by broker id.
    public func loadBrokerRecords() async throws(SchedulerStateError) -> [Int: BrokerRecord] {
        let names = try await call(layout.tasks) { try await store.children(layout.tasks) }
        var records: [Int: BrokerRecord] = [:]
        for name in names {
            guard let id = StateLayout.brokerID(nodeName: name) else {
                logger.warning("Ignoring an unexpected node under tasks", metadata: ["name": "\(name)"])
                continue
            }
            let path = layout.broker(id)
            guard let node = try await call(path, { try await store.get(path) }) else { continue }
            do {
                let record = try JSONDecoder().decode(BrokerRecord.self, from: node.data)
                guard record.brokerID == id else {
                    throw SchedulerStateError.unreadable(
                        path: path, reason: "it holds broker \(record.brokerID), not broker \(id)")
                }
                records[id] = record
            } catch let error as SchedulerStateError {
                throw error
            } catch {
                throw .unreadable(path: path, reason: "not a broker record this scheduler reads: \(error)")
            }
        }
        return records
    }

    /// Writes a broker record (creating or replacing its node).
    public func saveBrokerRecord(_ record: BrokerRecord) async throws(SchedulerStateError) {
        let data: Data
        do {
            data = try Self.encode(record)
        } catch {
            throw .unreadable(path: layout.broker(record.brokerID), reason: "cannot encode: \(error)")
        }
        try await put(layout.broker(record.brokerID), data)
    }

    static func encode(_ record: BrokerRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(record)
    }

    // MARK: Plan progress

    /// The stored progress of the plan for `targetID`, nil when there is none or it cannot be read (the plan
    /// then starts fresh, which is logged).
    public func loadPlanProgress(targetID: String) async throws(SchedulerStateError) -> PlanProgress? {
        let path = layout.planProgress(targetID: targetID)
        guard let node = try await call(path, { try await store.get(path) }) else { return nil }
        do {
            return try JSONDecoder().decode(PlanProgress.self, from: node.data)
        } catch {
            logger.warning(
                "The stored plan progress cannot be read; the plan starts afresh",
                metadata: ["path": "\(path)", "error": "\(error)"])
            return nil
        }
    }

    /// Writes the plan's progress for its target.
    public func savePlanProgress(_ progress: PlanProgress) async throws(SchedulerStateError) {
        let path = layout.planProgress(targetID: progress.targetID)
        let data: Data
        do {
            data = try CanonicalJSON.encode(progress)
        } catch {
            throw .unreadable(path: path, reason: "cannot encode: \(error)")
        }
        try await put(path, data)
    }

    // MARK: Helpers

    /// Sets a node, creating it when it does not exist.
    private func put(_ path: String, _ data: Data) async throws(SchedulerStateError) {
        try await call(path) {
            do {
                try await store.set(path, data: data, expectedVersion: nil)
            } catch let error as StateStoreError where error.code == .noNode {
                try await store.create(path, data: data, createParents: true)
            }
        }
    }

    private func call<T>(_ path: String, _ body: () async throws -> T) async throws(SchedulerStateError) -> T {
        do {
            return try await body()
        } catch {
            throw SchedulerStateError.wrap(error, path: path)
        }
    }
}
