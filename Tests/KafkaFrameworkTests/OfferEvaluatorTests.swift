import Foundation
import Mesos
import Testing

@testable import KafkaFramework

@Suite struct OfferEvaluatorTests {
    static let role = "kafka-role"
    static let principal = "kafka-principal"

    static func settings(
        placement: PlacementStrategy = .node, diskType: DiskType = .root, diskMB: Int = 5000
    ) -> OfferEvaluator.Settings {
        OfferEvaluator.Settings(
            role: role, principal: principal, placement: placement, diskType: diskType, diskMB: diskMB)
    }

    static func offer(
        _ id: String, agent: String = "agent-1", resources: [Resource], preRefinement: Bool = false
    ) -> Offer {
        let offer = Offer(
            id: OfferID(id), frameworkID: "fw", agentID: AgentID(agent), hostname: "\(agent).local",
            resources: resources.allocated(to: role), allocationInfo: .init(role: role))
        return preRefinement ? try! offer.formatted(multiRole: true, reservationRefinement: false) : offer
    }

    static let plain: [Resource] = [.cpus(4), .mem(8192), .disk(20000), .ports(31000...31010)]

    static func fresh(_ broker: Int, resourceID: String = "r-new", cpus: Double = 1, mem: Int = 2048, port: Int = 0)
        -> OfferEvaluator.Request
    {
        .fresh(.init(broker: broker, resourceID: resourceID, cpus: cpus, memMB: mem, port: port))
    }

    static func evaluator(
        _ requests: [OfferEvaluator.Request], owned: Set<String> = [], occupied: [String: Int] = [:],
        cleanUp: Bool = false, settings: OfferEvaluator.Settings = settings()
    ) -> OfferEvaluator {
        OfferEvaluator(
            settings: settings, requests: requests, ownedResourceIDs: owned, occupiedAgents: occupied,
            cleanUp: cleanUp)
    }

    /// Applies the accept's operations (and the task using the placement's resources) to the offer, as the
    /// master does; fails the test when the master would refuse one.
    @discardableResult
    static func apply(_ accept: OfferEvaluation.Accept, to offer: Offer) -> Resources? {
        var pool = Resources(offer.resources)
        do {
            for operation in accept.operations {
                pool = try pool.applying(operation.toPostRefinement())
            }
            if let placement = accept.placement {
                let task = TaskInfo(
                    name: "t", taskID: "t", agentID: offer.agentID, resources: placement.taskResources,
                    command: CommandInfo(value: "true"))
                pool = try pool.consuming(task.toPostRefinement())
            }
        } catch {
            Issue.record("the master would refuse the operations: \(error)")
            return nil
        }
        return pool
    }

    /// The resources a fresh broker leaves reserved on an agent (as a later offer shows them), plus `extra`.
    static func reservedOffer(
        _ id: String, broker: Int, resourceID: String, cpus: Double = 1, mem: Double = 2048, port: UInt64 = 31005,
        extra: [Resource] = plain, preRefinement: Bool = false, principal: String = principal
    ) -> Offer {
        let labels = OfferEvaluator.reservationLabels(broker: broker, resourceID: resourceID)
        func reserved(_ resource: Resource) -> Resource {
            resource.reserved(role: role, principal: principal, labels: labels)
        }
        let volume = reserved(.disk(5000)).withPersistentVolume(
            id: OfferEvaluator.persistenceID(broker: broker, resourceID: resourceID), containerPath: "kafka-volume",
            principal: principal)
        return offer(
            id, resources: extra + [reserved(.cpus(cpus)), reserved(.mem(mem)), reserved(.ports(port...port)), volume],
            preRefinement: preRefinement)
    }

    @Test(arguments: [false, true])
    func aFirstLaunchReservesCreatesAndLaunchesInOneAccept(preRefinement: Bool) throws {
        let offer = Self.offer("o1", resources: Self.plain, preRefinement: preRefinement)
        let evaluation = Self.evaluator([Self.fresh(0)]).evaluate([offer])
        #expect(evaluation.declines.isEmpty)
        let accept = try #require(evaluation.accepts.first)
        #expect(accept.operations.map(\.type) == [.reserve, .create])
        let placement = try #require(accept.placement)
        #expect(placement.fresh && placement.broker == 0 && placement.port == 31000)
        #expect(placement.persistenceID == "broker-0-r-new")
        let reserved = accept.operations[0].reserve!.resources.map { $0.toPostRefinement() }
        #expect(reserved.map(\.name) == ["cpus", "mem", "ports", "disk"])
        for resource in reserved {
            let reservation = try #require(resource.reservations.last)
            #expect(reservation.role == Self.role && reservation.principal == Self.principal)
            #expect(reservation.labels?["broker"] == "broker-0")
            #expect(reservation.labels?["resource_id"] == "r-new")
        }
        #expect(Resources(reserved).cpus == 1 && Resources(reserved).mem == 2048 && Resources(reserved).disk == 5000)
        let volume = try #require(accept.operations[1].create?.volumes.first)
        #expect(volume.disk?.volume?.containerPath == "kafka-volume")
        #expect(volume.disk?.volume?.mode == .readWrite)
        #expect(volume.disk?.persistence?.principal == Self.principal)
        // The operations come in the offer's format.
        #expect(accept.operations[0].reserve!.resources.allSatisfy { ($0.role != nil) == preRefinement })
        let left = try #require(Self.apply(accept, to: offer))
        #expect(left.unreserved.cpus == 3)
    }

    @Test func aFixedPortMustBeOffered() throws {
        let offer = Self.offer("o1", resources: Self.plain)
        #expect(Self.evaluator([Self.fresh(0, port: 31007)]).evaluate([offer]).accepts.first?.placement?.port == 31007)
        let evaluation = Self.evaluator([Self.fresh(0, port: 9092)]).evaluate([offer])
        #expect(evaluation.accepts.isEmpty && evaluation.declines == ["o1"])
    }

    @Test func insufficientOffersAreDeclined() throws {
        let offers = [
            Self.offer("cpus", resources: [.cpus(0.5), .mem(8192), .disk(20000), .ports(31000...31010)]),
            Self.offer("mem", resources: [.cpus(4), .mem(1000), .disk(20000), .ports(31000...31010)]),
            Self.offer("disk", resources: [.cpus(4), .mem(8192), .disk(4999), .ports(31000...31010)]),
            Self.offer("ports", resources: [.cpus(4), .mem(8192), .disk(20000)]),
            Self.offer(
                "revocable",
                resources: [
                    Resource.cpus(4).with { $0.revocable = .init() }, .mem(8192), .disk(20000), .ports(31000...31010),
                ]),
        ]
        let evaluation = Self.evaluator([Self.fresh(0)]).evaluate(offers)
        #expect(evaluation.accepts.isEmpty)
        #expect(evaluation.declines.map(\.value) == ["cpus", "mem", "disk", "ports", "revocable"])
    }

    @Test func nothingToDoDeclinesEverything() {
        let offers = (0..<5).map { Self.offer("o\($0)", resources: Self.plain) }
        let evaluation = Self.evaluator([]).evaluate(offers)
        #expect(evaluation.accepts.isEmpty && evaluation.declines.count == 5)
    }

    @Test func mountDisksAreTakenWholeAndTheSmallestThatFits() throws {
        let resources: [Resource] = [
            .cpus(4), .mem(8192), .disk(100), .ports(31000...31010),
            Resource.disk(4000).onDisk(.mount(root: "/mnt/small")),
            Resource.disk(9000).onDisk(.mount(root: "/mnt/large")),
            Resource.disk(6000).onDisk(.mount(root: "/mnt/medium")),
        ]
        let offer = Self.offer("o1", resources: resources)
        let evaluation = Self.evaluator([Self.fresh(0)], settings: Self.settings(diskType: .mount)).evaluate([offer])
        let accept = try #require(evaluation.accepts.first)
        let volume = try #require(accept.operations[1].create?.volumes.first)
        #expect(volume.disk?.source?.mount?.root == "/mnt/medium")
        #expect(volume.scalarValue == 6000)
        Self.apply(accept, to: offer)

        let tooSmall = Self.offer("o2", resources: [.cpus(4), .mem(8192), .disk(50000), .ports(31000...31010)])
        #expect(
            Self.evaluator([Self.fresh(0)], settings: Self.settings(diskType: .mount)).evaluate([tooSmall]).accepts
                .isEmpty)
    }

    @Test(arguments: [false, true])
    func aRelaunchInPlaceUsesItsReservationAndReservesOnlyTheDifference(preRefinement: Bool) throws {
        let offer = Self.reservedOffer("o1", broker: 1, resourceID: "r1", preRefinement: preRefinement)
        let request = OfferEvaluator.Request.inPlace(
            .init(broker: 1, resourceID: "r1", persistenceID: "broker-1-r1", cpus: 2, memMB: 1024, port: 0))
        let evaluation = Self.evaluator([request], owned: ["r1"]).evaluate([offer])
        let accept = try #require(evaluation.accepts.first)
        #expect(accept.operations.map(\.type) == [.unreserve, .reserve])
        let unreserved = Resources(accept.operations[0].unreserve!.resources)
        let reserved = Resources(accept.operations[1].reserve!.resources)
        #expect(unreserved.mem == 1024 && unreserved.cpus == 0)
        #expect(reserved.cpus == 1 && reserved.mem == 0)
        let placement = try #require(accept.placement)
        #expect(!placement.fresh && placement.port == 31005 && placement.persistenceID == "broker-1-r1")
        let task = Resources(placement.taskResources)
        #expect(task.cpus == 2 && task.mem == 1024)
        #expect(task.volume(persistenceID: "broker-1-r1") != nil)
        let left = try #require(Self.apply(accept, to: offer))
        #expect(left.unreserved.cpus == 3 && left.unreserved.mem == 8192 + 1024)
    }

    @Test func aRelaunchWithTheSameResourcesOnlyLaunches() throws {
        let offer = Self.reservedOffer("o1", broker: 1, resourceID: "r1", extra: [])
        let request = OfferEvaluator.Request.inPlace(
            .init(broker: 1, resourceID: "r1", persistenceID: "broker-1-r1", cpus: 1, memMB: 2048, port: 0))
        let accept = try #require(Self.evaluator([request], owned: ["r1"]).evaluate([offer]).accepts.first)
        #expect(accept.operations.isEmpty)
        #expect(accept.placement?.taskResources.count == 4)
        Self.apply(accept, to: offer)
    }

    @Test func aChangedPortMovesTheReservation() throws {
        let offer = Self.reservedOffer("o1", broker: 1, resourceID: "r1")
        let request = OfferEvaluator.Request.inPlace(
            .init(broker: 1, resourceID: "r1", persistenceID: "broker-1-r1", cpus: 1, memMB: 2048, port: 31002))
        let accept = try #require(Self.evaluator([request], owned: ["r1"]).evaluate([offer]).accepts.first)
        #expect(accept.placement?.port == 31002)
        #expect(accept.operations.map(\.type) == [.unreserve, .reserve])
        #expect(Resources(accept.operations[0].unreserve!.resources).ports.values == [31005])
        Self.apply(accept, to: offer)
    }

    @Test func aRelaunchNeedsItsVolumeAndEnoughForTheDifference() {
        let withoutVolume = Self.offer(
            "o1",
            resources: [
                Resource.cpus(1).reserved(
                    role: Self.role, principal: Self.principal,
                    labels: OfferEvaluator.reservationLabels(broker: 1, resourceID: "r1"))
            ] + Self.plain)
        let request = OfferEvaluator.Request.inPlace(
            .init(broker: 1, resourceID: "r1", persistenceID: "broker-1-r1", cpus: 1, memMB: 2048, port: 0))
        #expect(Self.evaluator([request], owned: ["r1"]).evaluate([withoutVolume]).accepts.isEmpty)

        let small = Self.reservedOffer("o2", broker: 1, resourceID: "r1", extra: [.cpus(0.5)])
        let bigger = OfferEvaluator.Request.inPlace(
            .init(broker: 1, resourceID: "r1", persistenceID: "broker-1-r1", cpus: 2, memMB: 2048, port: 0))
        #expect(Self.evaluator([bigger], owned: ["r1"]).evaluate([small]).accepts.isEmpty)
    }

    @Test func nodePlacementSkipsAgentsWithAnotherBroker() {
        let offers = [
            Self.offer("o1", agent: "a1", resources: Self.plain),
            Self.offer("o2", agent: "a2", resources: Self.plain),
            Self.offer("o3", agent: "a3", resources: Self.plain),
        ]
        let evaluation = Self.evaluator(
            [Self.fresh(2, resourceID: "x"), Self.fresh(3, resourceID: "y")], occupied: ["a1": 0, "a2": 1]
        )
        .evaluate(offers)
        #expect(evaluation.accepts.map(\.offerID.value) == ["o3"])
        #expect(evaluation.accepts.first?.placement?.broker == 2)
        #expect(evaluation.declines.map(\.value) == ["o1", "o2"])

        // An agent where another broker's reservation shows is occupied too, whatever the records say.
        let reservedElsewhere = Self.reservedOffer("o4", broker: 0, resourceID: "r0")
        #expect(Self.evaluator([Self.fresh(3)], owned: ["r0"]).evaluate([reservedElsewhere]).accepts.isEmpty)

        // Two fresh brokers never share an agent, even within one event.
        let one = Self.offer("o5", agent: "a5", resources: Self.plain + Self.plain)
        let again = Self.offer("o6", agent: "a5", resources: Self.plain)
        let both = Self.evaluator([Self.fresh(0, resourceID: "p"), Self.fresh(1, resourceID: "q")]).evaluate([
            one, again,
        ])
        #expect(both.accepts.count == 1)
    }

    @Test func anyPlacementAllowsAgentsWithOtherBrokers() {
        let offer = Self.reservedOffer("o1", broker: 0, resourceID: "r0")
        let evaluation = Self.evaluator(
            [Self.fresh(1)], owned: ["r0"], occupied: ["agent-1": 0], settings: Self.settings(placement: .any)
        ).evaluate([offer])
        #expect(evaluation.accepts.first?.placement?.broker == 1)
        if let accept = evaluation.accepts.first { Self.apply(accept, to: offer) }
    }

    @Test(arguments: [false, true])
    func reservedResourcesNobodyOwnsAreDestroyedAndUnreserved(preRefinement: Bool) throws {
        let offer = Self.reservedOffer("o1", broker: 4, resourceID: "old", preRefinement: preRefinement)
        let evaluation = Self.evaluator([], owned: ["r1"], cleanUp: true).evaluate([offer])
        let accept = try #require(evaluation.accepts.first)
        #expect(accept.placement == nil)
        #expect(accept.operations.map(\.type) == [.destroy, .unreserve])
        #expect(accept.operations[0].destroy!.volumes.count == 1)
        #expect(accept.operations[1].unreserve!.resources.count == 4)
        #expect(accept.cleanedResources == 4)
        let left = try #require(Self.apply(accept, to: offer))
        #expect(left.reserved.isEmpty)

        // Not before reconciliation, not an owned one, not another principal's.
        #expect(Self.evaluator([], cleanUp: false).evaluate([offer]).accepts.isEmpty)
        #expect(Self.evaluator([], owned: ["old"], cleanUp: true).evaluate([offer]).accepts.isEmpty)
        let foreign = Self.reservedOffer("o2", broker: 4, resourceID: "old", principal: "someone-else")
        #expect(Self.evaluator([], cleanUp: true).evaluate([foreign]).accepts.isEmpty)
    }

    @Test func cleanupAndAFreshLaunchShareOneAccept() throws {
        let offer = Self.reservedOffer("o1", broker: 2, resourceID: "old")
        let evaluation = Self.evaluator([Self.fresh(2, resourceID: "new")], cleanUp: true).evaluate([offer])
        let accept = try #require(evaluation.accepts.first)
        #expect(accept.operations.map(\.type) == [.destroy, .unreserve, .reserve, .create])
        #expect(accept.placement?.resourceID == "new")
        Self.apply(accept, to: offer)
    }
}

extension Resource {
    func with(_ change: (inout Resource) -> Void) -> Resource {
        var copy = self
        change(&copy)
        return copy
    }
}
