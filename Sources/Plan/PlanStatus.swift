/// The status of a block, a phase or the whole plan, spelled as in the seed API reference.
public enum PlanStatus: String, Codable, Sendable, CaseIterable {
    case pending = "Pending"
    case inProgress = "InProgress"
    case complete = "Complete"
    case waiting = "Waiting"
    case error = "Error"

    /// The status of something made of parts with `statuses`, by the old system's rule: errors → `Error`;
    /// any part in progress → `InProgress`; any waiting → `Waiting`; all complete (or no parts) → `Complete`;
    /// all pending → `Pending`; any other mix → `InProgress`.
    public static func combined(_ statuses: [PlanStatus], hasErrors: Bool = false) -> PlanStatus {
        if hasErrors || statuses.contains(.error) { return .error }
        if statuses.contains(.inProgress) { return .inProgress }
        if statuses.contains(.waiting) { return .waiting }
        if statuses.allSatisfy({ $0 == .complete }) { return .complete }
        if statuses.allSatisfy({ $0 == .pending }) { return .pending }
        return .inProgress
    }
}

/// How the update phase hands out its blocks (`PHASE_STRATEGY`).
public enum PhaseStrategy: String, Codable, Sendable, CaseIterable {
    /// One block at a time, in order, without stopping.
    case install = "INSTALL"
    /// One block at a time, in order, each after a decision point that a `continue` command releases.
    case stage = "STAGE"
}
