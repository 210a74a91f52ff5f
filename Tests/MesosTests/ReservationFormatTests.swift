import Testing

@testable import Mesos

/// Pre-refinement (`role` + `reservation`) and refinement (`reservations`) formats.
@Suite struct ReservationFormatTests {
    let dynamic = Resource.ReservationInfo.dynamic(role: "kafka", principal: "kafka-fw", labels: ["broker_id": "0"])

    @Test func preRefinementReadsIntoTheReservationStack() {
        let unreserved = Resource(name: "cpus", type: .scalar, scalar: .init(value: 1), role: "*")
        #expect(unreserved.effectiveReservations.isEmpty && !unreserved.isReserved && unreserved.reservationRole == nil)

        let staticReserved = Resource(name: "mem", type: .scalar, scalar: .init(value: 1), role: "kafka")
        #expect(staticReserved.effectiveReservations == [.static(role: "kafka")])
        #expect(staticReserved.isReserved && !staticReserved.isDynamicallyReserved)

        let dynamicReserved = Resource(
            name: "cpus", type: .scalar, scalar: .init(value: 1), role: "kafka",
            reservation: .init(principal: "kafka-fw", labels: ["broker_id": "0"])
        )
        #expect(dynamicReserved.effectiveReservations == [dynamic])
        #expect(dynamicReserved.isDynamicallyReserved && dynamicReserved.reservationRole == "kafka")

        let normalized = dynamicReserved.toPostRefinement()
        #expect(normalized.role == nil && normalized.reservation == nil && normalized.reservations == [dynamic])
        #expect(unreserved.toPostRefinement().role == nil)
    }

    @Test func refinementConvertsBackForOldFrameworks() throws {
        let reserved = Resource.cpus(1).reserved(role: "kafka", principal: "kafka-fw", labels: ["broker_id": "0"])
        let pre = try reserved.toPreRefinement()
        #expect(pre.role == "kafka")
        #expect(pre.reservation == .init(principal: "kafka-fw", labels: ["broker_id": "0"]))
        #expect(pre.reservations.isEmpty)
        #expect(pre.toPostRefinement() == reserved)

        let statik = try Resource.mem(10).reservedStatically(role: "kafka").toPreRefinement()
        #expect(statik.role == "kafka" && statik.reservation == nil)
        #expect(try Resource.cpus(2).toPreRefinement().role == "*")

        // The JSON is exactly the pre-refinement example's.
        #expect(
            try encodedString(pre)
                == #"{"name":"cpus","type":"SCALAR","scalar":{"value":1.0},"role":"kafka","reservation":{"principal":"kafka-fw","labels":{"labels":[{"key":"broker_id","value":"0"}]}}}"#
        )

        let refined = Resource.cpus(1).reserved(role: "eng").reserved(role: "eng/kafka")
        #expect(refined.reservationRole == "eng/kafka")
        #expect(refined.poppingReservation().reservationRole == "eng")
        #expect(throws: ResourcesError.refinedReservationInPreRefinementFormat(refined)) {
            try refined.toPreRefinement()
        }
    }

    @Test func anOfferFormattedForEachKindOfFramework() throws {
        let post = try #require(
            try MesosJSON.decode(Event.self, from: Fixtures.data("offers_refinement.json")).offers?.offers.first)
        let pre = try #require(
            try MesosJSON.decode(Event.self, from: Fixtures.data("offers_prerefinement.json")).offers?.offers.first)

        let old = try post.formatted(multiRole: false, reservationRefinement: false)
        #expect(old.allocationInfo == nil)
        #expect(old.resources.allSatisfy { $0.allocationInfo == nil && $0.reservations.isEmpty && $0.role != nil })
        #expect(
            old.resources.first { $0.name == "cpus" && $0.role == "kafka" }?.reservation?.labels == ["broker_id": "0"])

        let multiRoleOnly = try post.formatted(multiRole: true, reservationRefinement: false)
        #expect(multiRoleOnly.allocationInfo?.role == "kafka")
        #expect(multiRoleOnly.resources.allSatisfy { $0.allocationInfo?.role == "kafka" && $0.role != nil })

        // The pre-refinement example, read and re-written for a refinement framework, matches
        // what the refinement-format offer says about the same reserved resources.
        let upgraded = try pre.formatted(multiRole: true, reservationRefinement: true)
        #expect(upgraded.resources.allSatisfy { $0.role == nil && $0.reservation == nil })
        let reserved = Resources(upgraded.resources).reserved(
            role: "kafka", principal: "kafka-fw", labels: ["broker_id": "0"])
        #expect(
            reserved
                == Resources(post.resources).reserved(role: "kafka", principal: "kafka-fw", labels: ["broker_id": "0"])
                .named("cpus"))
        // The pre-refinement example's volume is reserved without labels: it matches on principal only.
        #expect(
            Resources(upgraded.resources).reserved(role: "kafka", principal: "kafka-fw", labels: nil).volumes.count == 1
        )
    }

    @Test func conversionsReachEveryCarriedResource() throws {
        let reserved = Resource.disk(10).reserved(role: "kafka", principal: "p").allocated(to: "kafka")
        let task = TaskInfo(
            name: "t", taskID: "t", agentID: "S", resources: [reserved],
            executor: ExecutorInfo(executorID: "e", resources: [reserved])
        )
        let operations: [Offer.Operation] = [
            .reserve([reserved]), .unreserve([reserved]), .create([reserved]), .destroy([reserved]), .launch([task]),
            .launchGroup(executor: ExecutorInfo(executorID: "e", resources: [reserved]), tasks: [task]),
        ]
        for operation in operations {
            let stripped = operation.strippingAllocationInfo()
            let pre = try stripped.toPreRefinement()
            let text = try encodedString(pre)
            #expect(!text.contains("allocation_info") && !text.contains("reservations"), "\(operation.type)")
            #expect(text.contains(#""role":"kafka""#), "\(operation.type)")
            #expect(pre.toPostRefinement().allocated(to: "kafka") == operation, "\(operation.type)")
        }
    }

    @Test func matchingWorksInEitherFormat() throws {
        let post = Resource.cpus(1).reserved(role: "kafka", principal: "kafka-fw", labels: ["broker_id": "0"])
        let pre = try post.toPreRefinement()
        for resource in [post, pre] {
            #expect(resource.matchesReservation(role: "kafka"))
            #expect(resource.matchesReservation(role: "kafka", principal: "kafka-fw", labels: ["broker_id": "0"]))
            #expect(!resource.matchesReservation(role: "kafka", labels: ["broker_id": "1"]))
            #expect(!resource.matchesReservation(role: "other"))
        }
        #expect(Resources([pre]) == Resources([post]))
        #expect(Resources([pre]).contains(post) && Resources([post]).contains(pre))
    }
}
