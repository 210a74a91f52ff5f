import Testing

@testable import Mesos

/// Resources allocated to the role `kafka`, as offers to a MULTI_ROLE framework carry them.
func inKafka(_ resources: [Resource]) -> Resources {
    Resources(resources.allocated(to: "kafka"))
}

@Suite struct ResourcesTests {
    let broker0: Labels = ["broker_id": "0"]

    var offer: Resources {
        Resources(
            [
                .cpus(3.5), .mem(12288), .disk(50000), .ports(31000...31099, 31200...32000),
                Resource.cpus(1).reserved(role: "kafka", principal: "kafka-fw", labels: broker0),
                Resource.mem(2048).reserved(role: "kafka", principal: "kafka-fw", labels: broker0),
                Resource.disk(5000).reserved(role: "kafka", principal: "kafka-fw", labels: broker0)
                    .withPersistentVolume(
                        id: "kafka-broker-0-data", containerPath: "kafka-data", principal: "kafka-fw"),
                Resource.disk(100000).onDisk(.mount(root: "/mnt/disk1")),
                Resource.disk(200000).onDisk(.mount(root: "/mnt/disk2")).reservedStatically(role: "kafka"),
            ].map { $0.allocated(to: "kafka") })
    }

    @Test func mergesEqualIdentities() {
        let pool = Resources([.cpus(1), .cpus(2), .mem(10), .ports(1...5), .ports(6...9), .cpus(0)])
        #expect(pool.count == 3)
        #expect(pool.cpus == 3 && pool.mem == 10)
        #expect(pool.ports == Value.Ranges([1...9]))
        // Different reservations or allocations do not merge.
        let mixed = Resources([.cpus(1), Resource.cpus(1).reserved(role: "a"), Resource.cpus(1).allocated(to: "a")])
        #expect(mixed.count == 3 && mixed.cpus == 3)
    }

    @Test func indivisibleResourcesStayWhole() {
        let volume = Resource.disk(10).reserved(role: "r").withPersistentVolume(id: "v", containerPath: "data")
        let mount = Resource.disk(100).onDisk(.mount(root: "/mnt/a"))
        let pool = Resources([volume, volume, mount, mount])
        #expect(pool.count == 4)
        #expect(pool.contains(mount) && pool.contains(volume))
        #expect(!pool.contains(Resource.disk(50).onDisk(.mount(root: "/mnt/a"))))
        #expect(
            !pool.contains(Resource.disk(5).reserved(role: "r").withPersistentVolume(id: "v", containerPath: "data")))
        // A task may use the volume with another container path: Mesos ignores `volume` in comparisons.
        #expect(
            pool.contains(Resource.disk(10).reserved(role: "r").withPersistentVolume(id: "v", containerPath: "other")))
        var less = pool
        less.subtract(mount)
        #expect(less.count == 3 && less.mountDisks.count == 1)
        less.subtract(Resource.disk(50).onDisk(.mount(root: "/mnt/a")))
        #expect(less.count == 3)
    }

    @Test func additionSubtractionAndContainment() {
        let task = inKafka([.cpus(0.5), .mem(1024), .ports(31000...31000)])
        #expect(offer.contains(task))
        let left = offer - task
        #expect(left.unreserved.cpus == 3 && left.unreserved.mem == 11264)
        #expect(!left.ports.contains(31000) && left.ports.contains(31001))
        #expect(left + task == offer)
        #expect(offer != left)
        // Saturating: taking more than there is leaves nothing of it.
        let drained = offer - Resources([Resource.cpus(100).allocated(to: "kafka")])
        #expect(drained.unreserved.cpus == 0 && drained.cpus == 1)
        // Allocation matters: the same amount without allocation_info is not in the offer.
        #expect(!offer.contains(Resources([.cpus(0.5)])))
    }

    @Test func shortfallNamesExactlyWhatIsMissing() throws {
        let request = inKafka([.cpus(5), .mem(1024), .ports(31000...31001, 31100...31100), .gpus(1)])
        let missing = Resources(offer.unreserved.shortfall(of: request))
        #expect(missing == inKafka([.cpus(1.5), .ports(31100...31100), .gpus(1)]))
        #expect(offer.shortfall(of: Resources([Resource.cpus(1).allocated(to: "kafka")])).isEmpty)

        let error = try #require(throws: ResourcesError.self) {
            try offer.unreserved.subtractingExactly(request, operation: .launch, taskID: "t1")
        }
        guard case .insufficientResources(let operation, let shortfall, let taskID) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(operation == .launch && taskID == "t1")
        #expect(Resources(shortfall) == missing)
        #expect(error.description.contains("LAUNCH for task 't1'"))
        #expect(error.description.contains("gpus(allocated: kafka):1"))
    }

    @Test func reservationQueries() {
        #expect(offer.unreserved.cpus == 3.5)
        #expect(offer.reserved.count == 4)
        #expect(offer.reserved(role: "kafka").cpus == 1)
        #expect(offer.reserved(role: "other").isEmpty)
        #expect(offer.reserved(role: "kafka", principal: "kafka-fw", labels: broker0).count == 3)
        #expect(offer.reserved(role: "kafka", principal: "kafka-fw", labels: ["broker_id": "1"]).isEmpty)
        #expect(offer.reserved(role: "kafka", principal: "someone", labels: nil).isEmpty)
        #expect(offer.reserved(role: "kafka", principal: nil, labels: nil).count == 4)
        #expect(offer.allocatable(to: "kafka").count == offer.count)
        #expect(offer.allocatable(to: "kafka/sub").count == offer.count)
        #expect(offer.allocatable(to: "other") == offer.unreserved)
        #expect(offer.allocatedTo(role: "kafka").count == offer.count)
        #expect(offer.named("ports").count == 1)
        #expect(offer.names == ["cpus", "mem", "disk", "ports"])
    }

    @Test func labelsMatchInAnyOrder() {
        let labels: Labels = ["a": "1", "b": "2"]
        let resource = Resource.cpus(1).reserved(role: "r", labels: labels)
        #expect(resource.matchesReservation(role: "r", labels: ["b": "2", "a": "1"]))
        #expect(!resource.matchesReservation(role: "r", labels: ["a": "1"]))
        #expect(!resource.matchesReservation(role: "r", labels: ["a": "1", "b": "3"]))
        let pool = Resources([resource])
        #expect(pool.contains(Resource.cpus(1).reserved(role: "r", labels: ["b": "2", "a": "1"])))
    }

    @Test func volumesAndDisks() throws {
        let volume = try #require(offer.volume(persistenceID: "kafka-broker-0-data"))
        #expect(volume.scalarValue == 5000 && volume.disk?.volume?.containerPath == "kafka-data")
        #expect(offer.volume(persistenceID: "kafka-broker-0-data", role: "kafka") != nil)
        #expect(offer.volume(persistenceID: "kafka-broker-0-data", role: "other") == nil)
        #expect(offer.volume(persistenceID: "nope") == nil)
        #expect(offer.volumes.count == 1)
        #expect(offer.mountDisks.count == 2)
        #expect(offer.mountDisk(root: "/mnt/disk2")?.reservationRole == "kafka")
        #expect(offer.mountDisk(root: "/mnt/none") == nil)
        #expect(offer.plainDisk.disk == 350000)
        #expect(offer.disk == 355000)
    }

    @Test func pickingPorts() throws {
        let picked = try #require(offer.unreserved.pick(3))
        #expect(picked.ports == Value.Ranges([31000...31002]))
        #expect(picked.first?.allocationInfo?.role == "kafka")
        #expect(offer.contains(picked))
        let across = try #require(Resources([.ports(1...2), Resource.ports(10...20).reserved(role: "r")]).pick(4))
        #expect(across.count == 2)
        #expect(across.unreserved.ports == Value.Ranges([1...2]))
        #expect(across.reserved(role: "r").ports == Value.Ranges([10...11]))
        #expect(offer.pick(100_000) == nil)
        #expect(Resources([.set("gpus_ids", ["0", "1"])]).pick(1, named: "gpus_ids") == nil)
    }

    @Test func setsAndOtherNames() {
        var pool = Resources([.set("zones", ["a", "b"]), .set("zones", ["b", "c"])])
        #expect(pool.set("zones") == Value.Set(["a", "b", "c"]))
        #expect(pool.contains(.set("zones", ["c", "a"])))
        pool.subtract(.set("zones", ["a"]))
        #expect(pool.set("zones") == Value.Set(["b", "c"]))
        #expect(Resources([.scalar("network_bandwidth", 100)]).scalar("network_bandwidth") == 100)
    }

    @Test func validation() {
        #expect(Resource.cpus(1).validationFailure == nil)
        #expect(Resource.cpus(-1).validationFailure != nil)
        #expect(Resource.cpus(.nan).validationFailure != nil)
        #expect(Resource(name: "cpus", type: .scalar).validationFailure != nil)
        #expect(
            Resource(name: "ports", type: .ranges, ranges: Value.Ranges([Value.Range(begin: 5, end: 1)]))
                .validationFailure != nil)
        #expect(Resource.set("s", ["a", "a"]).validationFailure != nil)
        #expect(Resource(name: "x", type: .text).validationFailure != nil)
        var badReservation = Resource.cpus(1)
        badReservation.reservation = .init(principal: "p")
        #expect(badReservation.validationFailure != nil)
    }

    @Test func poolsPersistAsJSON() throws {
        let text = try encodedString(offer)
        #expect(text.hasPrefix("[{\"name\":\"cpus\""))
        #expect(try MesosJSON.decode(Resources.self, from: text) == offer)
        // Read in either format.
        let pre = try offer.toPreRefinement()
        #expect(try MesosJSON.decode(Resources.self, from: MesosJSON.encode(pre)) == offer)
    }

    @Test func describesLikeMesos() {
        let resource = Resource.disk(5000).reserved(role: "kafka", principal: "fw", labels: broker0)
            .withPersistentVolume(id: "v", containerPath: "data").allocated(to: "kafka")
        #expect(
            resource.description
                == "disk(allocated: kafka)(reservations: [(DYNAMIC,kafka,fw,{broker_id: 0})])[v:data]:5000")
        #expect(Resource.cpus(0.25).description == "cpus:0.25")
        #expect(Resource.ports(1...2, 5...5).description == "ports:[1-2, 5-5]")
    }
}
