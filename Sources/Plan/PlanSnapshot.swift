import Foundation

/// The body of `GET /v1/plan`, keys as in the seed API reference.
public struct PlanSnapshot: Codable, Sendable, Equatable {
    public var errors: [String]
    public var phases: [PhaseSnapshot]
    public var status: PlanStatus

    public init(errors: [String], phases: [PhaseSnapshot], status: PlanStatus) {
        self.errors = errors
        self.phases = phases
        self.status = status
    }
}

/// One phase in `GET /v1/plan`.
public struct PhaseSnapshot: Codable, Sendable, Equatable {
    public var blocks: [BlockSnapshot]
    public var id: String
    public var name: String
    public var status: PlanStatus

    public init(blocks: [BlockSnapshot], id: String, name: String, status: PlanStatus) {
        self.blocks = blocks
        self.id = id
        self.name = name
        self.status = status
    }
}

/// One block in `GET /v1/plan`.
public struct BlockSnapshot: Codable, Sendable, Equatable {
    public var hasDecisionPoint: Bool
    public var id: String
    public var message: String
    public var name: String
    public var status: PlanStatus

    public init(hasDecisionPoint: Bool, id: String, message: String, name: String, status: PlanStatus) {
        self.hasDecisionPoint = hasDecisionPoint
        self.id = id
        self.message = message
        self.name = name
        self.status = status
    }
}

/// The body of `GET /v1/plan/status`: the active block and phase (omitted when nothing is active) and the
/// stage (the whole plan). Keys in snake case as in the seed API reference.
public struct PlanStatusSnapshot: Codable, Sendable, Equatable {
    public struct Block: Codable, Sendable, Equatable {
        public var hasDecisionPoint: Bool
        public var id: String
        public var message: String
        public var name: String
        public var status: PlanStatus

        enum CodingKeys: String, CodingKey {
            case hasDecisionPoint = "has_decision_point"
            case id, message, name, status
        }

        public init(hasDecisionPoint: Bool, id: String, message: String, name: String, status: PlanStatus) {
            self.hasDecisionPoint = hasDecisionPoint
            self.id = id
            self.message = message
            self.name = name
            self.status = status
        }
    }

    public struct Phase: Codable, Sendable, Equatable {
        public var blockCount: Int
        public var id: String
        public var name: String
        public var status: PlanStatus

        enum CodingKeys: String, CodingKey {
            case blockCount = "block_count"
            case id, name, status
        }

        public init(blockCount: Int, id: String, name: String, status: PlanStatus) {
            self.blockCount = blockCount
            self.id = id
            self.name = name
            self.status = status
        }
    }

    public struct Stage: Codable, Sendable, Equatable {
        public var errors: [String]
        public var phaseCount: Int
        public var status: PlanStatus

        enum CodingKeys: String, CodingKey {
            case errors
            case phaseCount = "phase_count"
            case status
        }

        public init(errors: [String], phaseCount: Int, status: PlanStatus) {
            self.errors = errors
            self.phaseCount = phaseCount
            self.status = status
        }
    }

    public var block: Block?
    public var phase: Phase?
    public var stage: Stage

    public init(block: Block?, phase: Phase?, stage: Stage) {
        self.block = block
        self.phase = phase
        self.stage = stage
    }
}
