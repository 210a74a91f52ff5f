import Foundation
import Testing

@testable import Mesos

/// Applying offer operations to a pool, as the master does to what is left of an offer.
@Suite struct ResourceOperationsTests {
    let labels: Labels = ["broker_id": "1"]

    /// An offer of unreserved resources to the role `kafka`.
    var offer: Resources {
        inKafka([.cpus(3.5), .mem(12288), .disk(50000), .ports(31000...31099, 31200...32000)])
    }

    func reserved(_ resource: Resource) -> Resource {
        resource.reserved(role: "kafka", principal: "kafka-fw", labels: labels).allocated(to: "kafka")
    }

    var volume: Resource {
        reserved(.disk(10000)).withPersistentVolume(
            id: "kafka-broker-1-data", containerPath: "kafka-data", principal: "kafka-fw")
    }

    func expectError(
        _ expected: ResourcesError, _ pool: Resources, _ operation: Offer.Operation,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: expected, sourceLocation: sourceLocation) { try pool.applying(operation) }
    }

    @Test func theExampleAcceptAppliesInOrder() throws {
        let call = try MesosJSON.decode(Call.self, from: Fixtures.data("accept.json"))
        let operations = try #require(call.accept?.operations)

        let afterReserve = try offer.applying(operations[0])
        #expect(afterReserve.unreserved.cpus == 2.5 && afterReserve.unreserved.mem == 8192)
        #expect(afterReserve.reserved(role: "kafka", principal: "kafka-fw", labels: labels).disk == 10000)

        let afterCreate = try afterReserve.applying(operations[1])
        #expect(afterCreate.volume(persistenceID: "kafka-broker-1-data")?.scalarValue == 10000)
        #expect(afterCreate.reserved.plainDisk.isEmpty)

        let left = try offer.applying(operations)
        #expect(try left == afterCreate.applying(operations[2]))
        #expect(left.reserved.isEmpty)
        #expect(left == inKafka([.cpus(2.5), .mem(8192), .disk(40000), .ports(31001...31099, 31200...32000)]))
        // The unchanged original: operations return new pools.
        #expect(offer.cpus == 3.5)
    }

    @Test func reserveNeedsUnreservedResources() throws {
        let error = try #require(throws: ResourcesError.self) {
            try offer.applying(.reserve([reserved(.cpus(4)), reserved(.mem(100))]))
        }
        #expect(
            error
                == .insufficientResources(
                    operation: .reserve, missing: [Resource.cpus(0.5).allocated(to: "kafka")], taskID: nil))
        #expect(
            error.description.contains("RESERVE needs resources that are not available: cpus(allocated: kafka):0.5"))

        let unreservedTarget = Resource.cpus(1).allocated(to: "kafka")
        expectError(.notDynamicallyReserved(unreservedTarget, operation: .reserve), offer, .reserve([unreservedTarget]))
        let staticTarget = Resource.cpus(1).reservedStatically(role: "kafka").allocated(to: "kafka")
        expectError(.notDynamicallyReserved(staticTarget, operation: .reserve), offer, .reserve([staticTarget]))
        // Reserving the same thing twice needs it twice.
        let twice = try offer.applying(.reserve([reserved(.cpus(3.5))]))
        #expect(throws: ResourcesError.self) { try twice.applying(.reserve([reserved(.cpus(0.5))])) }
    }

    @Test func reserveAcceptsThePreRefinementFormat() throws {
        let pre = try reserved(.cpus(1)).toPreRefinement()
        #expect(pre.role == "kafka" && pre.reservations.isEmpty)
        let left = try offer.applying(.reserve([pre]))
        #expect(left.reserved(role: "kafka", principal: "kafka-fw", labels: labels).cpus == 1)
        #expect(left.unreserved.cpus == 2.5)
    }

    @Test func reserveWithAnExplicitSource() throws {
        let pool = Resources([reserved(.cpus(2))])
        let refined = reserved(.cpus(2)).reserved(role: "kafka/broker", principal: "kafka-fw")
        let operation = Offer.Operation(
            type: .reserve, reserve: .init(resources: [refined], source: [reserved(.cpus(2))]))
        let left = try pool.applying(operation)
        #expect(left.reserved(role: "kafka/broker").cpus == 2 && left.reserved(role: "kafka").isEmpty)
    }

    @Test func unreserveGivesResourcesBack() throws {
        let reservedPool = try offer.applying(.reserve([reserved(.cpus(1)), reserved(.disk(10000))]))
        let back = try reservedPool.applying(.unreserve([reserved(.cpus(1)), reserved(.disk(10000))]))
        #expect(back == offer)

        let staticPool = Resources([Resource.cpus(1).reservedStatically(role: "kafka")])
        let staticCPU = Resource.cpus(1).reservedStatically(role: "kafka")
        expectError(.notDynamicallyReserved(staticCPU, operation: .unreserve), staticPool, .unreserve([staticCPU]))
        expectError(.notDynamicallyReserved(Resource.cpus(1), operation: .unreserve), offer, .unreserve([.cpus(1)]))

        let withVolume = Resources([volume])
        expectError(.unreserveOfPersistentVolume(volume), withVolume, .unreserve([volume]))
        expectError(
            .insufficientResources(operation: .unreserve, missing: [reserved(.cpus(1))], taskID: nil),
            offer, .unreserve([reserved(.cpus(1))])
        )
    }

    @Test func createAndDestroyVolumes() throws {
        let reservedPool = try offer.applying(.reserve([reserved(.disk(15000))]))
        let created = try reservedPool.applying(.create([volume]))
        #expect(created.volume(persistenceID: "kafka-broker-1-data") != nil)
        #expect(created.reserved.plainDisk.disk == 5000)
        #expect(created.unreserved.disk == 35000)

        let destroyed = try created.applying(.destroy([volume]))
        #expect(destroyed == reservedPool)
        #expect(destroyed.volumes.isEmpty)

        // The same persistence id twice.
        expectError(.duplicatePersistenceID("kafka-broker-1-data", role: "kafka"), created, .create([volume]))
        // More disk than reserved.
        let big = reserved(.disk(20000)).withPersistentVolume(id: "big", containerPath: "data")
        expectError(
            .insufficientResources(operation: .create, missing: [reserved(.disk(5000))], taskID: nil),
            reservedPool, .create([big])
        )
        // DESTROY of a volume that is not there, or of plain disk.
        expectError(
            .insufficientResources(operation: .destroy, missing: [volume], taskID: nil), reservedPool,
            .destroy([volume]))
        expectError(
            .notAPersistentVolume(reserved(.disk(10)), operation: .destroy), reservedPool,
            .destroy([reserved(.disk(10))]))
        expectError(
            .notAPersistentVolume(reserved(.disk(10)), operation: .create), reservedPool, .create([reserved(.disk(10))])
        )
    }

    @Test func createChecksTheVolumeLikeTheMaster() throws {
        let pool = try offer.applying(.reserve([reserved(.disk(15000))]))
        func volume(_ change: (inout Resource) -> Void) -> Resource {
            var result = self.volume
            change(&result)
            return result
        }
        let cases: [(Resource, String)] = [
            (Resource.disk(10).withPersistentVolume(id: "v", containerPath: "d").allocated(to: "kafka"), "unreserved"),
            (volume { $0.disk?.volume = nil }, "'volume'"),
            (volume { $0.disk?.volume?.hostPath = "/tmp" }, "host_path"),
            (volume { $0.disk?.volume?.mode = .readOnly }, "Read-only"),
            (volume { $0.disk?.volume?.containerPath = "/abs" }, "relative"),
            (volume { $0.disk?.persistence?.id = "a/b" }, "persistence ID"),
            (volume { $0.disk?.persistence?.id = "" }, "persistence ID"),
            (volume { $0.revocable = .init() }, "revocable"),
        ]
        for (bad, reason) in cases {
            let error = try #require(throws: ResourcesError.self) { try pool.applying(.create([bad])) }
            guard case .invalidVolume(_, let text) = error else {
                Issue.record("expected invalidVolume for \(reason), got \(error)")
                continue
            }
            #expect(text.contains(reason), "\(text)")
        }
    }

    @Test func volumesOnMountDisks() throws {
        let mount = Resource.disk(100_000).onDisk(.mount(root: "/mnt/d1")).allocated(to: "kafka")
        let pool = offer + Resources([mount])
        let reservedMount = reserved(mount)
        let afterReserve = try pool.applying(.reserve([reservedMount]))
        #expect(afterReserve.mountDisk(root: "/mnt/d1")?.reservationRole == "kafka")
        // A MOUNT disk is reserved whole.
        let half = reserved(Resource.disk(50_000).onDisk(.mount(root: "/mnt/d1")).allocated(to: "kafka"))
        #expect(throws: ResourcesError.self) { try pool.applying(.reserve([half])) }

        let mountVolume = reservedMount.withPersistentVolume(id: "m1", containerPath: "data")
        let created = try afterReserve.applying(.create([mountVolume]))
        let stored = try #require(created.volume(persistenceID: "m1"))
        #expect(stored.disk?.source == .mount(root: "/mnt/d1"))
        #expect(try created.applying(.destroy([mountVolume])) == afterReserve)
    }

    @Test func launchConsumesTaskAndExecutorResources() throws {
        let task = TaskInfo(
            name: "t", taskID: "t1", agentID: "S",
            resources: [.cpus(1), .mem(1024), .ports(31000...31000)].allocated(to: "kafka"),
            command: CommandInfo(value: "sleep 1")
        )
        let left = try offer.applying(.launch([task]))
        #expect(left.cpus == 2.5 && left.mem == 11264 && !left.ports.contains(31000))

        var withExecutor = task
        withExecutor.command = nil
        withExecutor.executor = ExecutorInfo(executorID: "e", resources: [Resource.cpus(0.1).allocated(to: "kafka")])
        #expect(try offer.applying(.launch([withExecutor])).cpus == 2.4)

        // Two tasks that fit alone but not together: the second is named.
        var second = task
        second.taskID = "t2"
        second.resources = [Resource.cpus(3).allocated(to: "kafka")]
        let error = try #require(throws: ResourcesError.self) { try offer.applying(.launch([task, second])) }
        #expect(
            error
                == .insufficientResources(
                    operation: .launch, missing: [Resource.cpus(0.5).allocated(to: "kafka")], taskID: "t2"))

        // A task using a volume uses it whole and as it is.
        let withVolume = try offer.applying([.reserve([reserved(.disk(10000))]), .create([volume])])
        var broker = task
        broker.resources.append(volume)
        #expect(try withVolume.applying(.launch([broker])).volumes.isEmpty)
        var wrongVolume = broker
        wrongVolume.resources[3] = reserved(.disk(10000)).withPersistentVolume(id: "other", containerPath: "kafka-data")
        #expect(throws: ResourcesError.self) { try withVolume.applying(.launch([wrongVolume])) }
    }

    @Test func theMiscAcceptAppliesToAMatchingPool() throws {
        let call = try JSONDecoder().decode([JSONValue].self, from: Fixtures.data("misc_calls.json"))
            .map { try MesosJSON.decode(Call.self, from: MesosJSON.encode($0)) }
            .first { $0.type == .accept }
        let operations = try #require(call?.accept?.operations)
        let kafkaCPU = Resource.cpus(1).reserved(role: "kafka", principal: "kafka-fw")
        let kafkaVolume = Resource.disk(5000).reserved(role: "kafka", principal: "kafka-fw")
            .withPersistentVolume(id: "v", containerPath: "kafka-data")
        let pool = Resources([.cpus(1.1), kafkaCPU, kafkaVolume])
        let left = try pool.applying(operations)
        // UNRESERVE freed a cpu, DESTROY turned the volume into reserved disk, LAUNCH_GROUP used 1.1 cpus.
        #expect(left == Resources([.cpus(1), Resource.disk(5000).reserved(role: "kafka", principal: "kafka-fw")]))
    }

    @Test func malformedOperations() {
        expectError(.missingOperationBody(.reserve), offer, Offer.Operation(type: .reserve))
        expectError(.missingOperationBody(.launch), offer, Offer.Operation(type: .launch))
        expectError(
            .unsupportedOperation(.growVolume), offer, Offer.Operation(type: .growVolume, growVolume: .object([:])))
        expectError(
            .unsupportedOperation(.unrecognized("TELEPORT")), offer, Offer.Operation(type: .unrecognized("TELEPORT")))
        #expect(
            ResourcesError.missingOperationBody(.launchGroup).description
                == "Operation LAUNCH_GROUP has no 'launch_group' body")
    }

    @Test func applyInPlaceLeavesThePoolUnchangedOnError() throws {
        var pool = offer
        #expect(throws: ResourcesError.self) {
            try pool.apply(.launch([TaskInfo(name: "t", taskID: "t", agentID: "S", resources: [.cpus(100)])]))
        }
        #expect(pool == offer)
        try pool.apply(.reserve([reserved(.cpus(1))]))
        #expect(pool.unreserved.cpus == 2.5)
    }
}
