import CurlHTTP
import Foundation
import Mesos
import Testing

@testable import MesosLocal

/// One offer per agent and role, the offer formats by capability, refuse filters, SUPPRESS and REVIVE.
@Suite struct MasterOfferTests {
    @Test func oneOfferPerAgentWithItsOwnPortSlice() async throws {
        try await withCluster(agents: 3) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            var offers: [Offer] = []
            while offers.count < 3 {
                offers += try await scheduler.next(.offers).offers!.offers
            }
            let masterID = await cluster.masterID()
            #expect(Set(offers.map(\.agentID)) == Set(cluster.agentIDs))
            #expect(offers.allSatisfy { $0.id.value.hasPrefix("\(masterID)-O") })
            #expect(cluster.agentIDs.map(\.value) == (0..<3).map { "\(masterID)-S\($0)" })
            let slices = offers.sorted { $0.agentID < $1.agentID }.map { Resources($0.resources).ports }
            #expect(slices.map { $0.range.first!.begin } == [31000, 31333, 31666])
            #expect(slices.last?.range.last?.end == 31999)
            for offer in offers {
                #expect(offer.allocationInfo?.role == "kafka")
                #expect(offer.resources.allSatisfy { $0.allocationInfo?.role == "kafka" && $0.role == nil })
                #expect(Resources(offer.resources).cpus == 4)
                #expect(offer.hostname == "127.0.0.1")
            }
            #expect(try await scheduler.expectNone(.offers, within: .milliseconds(200)))
        }
    }

    @Test func portSlicesAreDisjointAndCoverTheRange() {
        #expect(AgentLayout.portSlice(31000...32000, index: 0, count: 3) == 31000...31332)
        #expect(AgentLayout.portSlice(31000...32000, index: 1, count: 3) == 31333...31665)
        #expect(AgentLayout.portSlice(31000...32000, index: 2, count: 3) == 31666...32000)
        #expect(AgentLayout.portSlice(31000...31000, index: 0, count: 1) == 31000...31000)
        #expect(AgentLayout.portSlice(31000...31001, index: 0, count: 3) == nil)
    }

    @Test func frameworksWithoutMultiRoleAndRefinementGetThePreRefinementFormat() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let info = TestScheduler.frameworkInfo(roles: ["kafka"], capabilities: [.partitionAware])
            let scheduler = try await TestScheduler.subscribe(cluster.url, info)
            defer { scheduler.close() }
            let event = try await scheduler.next(.offers)
            let text = try MesosJSON.encodeString(event)
            #expect(!text.contains("allocation_info"))
            #expect(!text.contains("reservations"))
            let offer = event.offers!.offers[0]
            #expect(offer.resources.allSatisfy { $0.role == "*" })
            // Operations without allocation info are accepted (the master adds the offer's role).
            let task = commandTask("t1", agentID: offer.agentID, resources: [.cpus(1), .mem(128)])
            try await scheduler.send(
                .accept(frameworkID: scheduler.frameworkID, offerIDs: [offer.id], operations: [.launch([task])]))
            _ = try await scheduler.update("t1", .running)
        }
    }

    @Test func declineRefusesForFiveSecondsByDefaultAndZeroMeansNoFilter() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let frameworkID = scheduler.frameworkID
            var offer = try await scheduler.next(.offers).offers!.offers[0]
            try await scheduler.send(
                .decline(frameworkID: frameworkID, offerIDs: [offer.id], filters: Filters(refuseSeconds: 0)))
            offer = try await scheduler.next(.offers, timeout: .seconds(1)).offers!.offers[0]
            try await scheduler.send(
                .decline(frameworkID: frameworkID, offerIDs: [offer.id], filters: Filters(refuseSeconds: 0.5)))
            let start = ContinuousClock.now
            offer = try await scheduler.next(.offers, timeout: .seconds(3)).offers!.offers[0]
            #expect(ContinuousClock.now - start >= .milliseconds(450))
            try await scheduler.send(.decline(frameworkID: frameworkID, offerIDs: [offer.id]))
            #expect(try await scheduler.expectNone(.offers, within: .seconds(2)))
            let state = await cluster.state()
            #expect(state.outstandingOffers == 0)
        }
    }

    @Test func suppressStopsOffersAndReviveBringsThemBack() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let frameworkID = scheduler.frameworkID
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            try await scheduler.send(.suppress(frameworkID: frameworkID))
            // An offer sent before SUPPRESS stays valid; declined resources are not offered again.
            try await scheduler.send(
                .decline(frameworkID: frameworkID, offerIDs: [offer.id], filters: Filters(refuseSeconds: 0)))
            #expect(try await scheduler.expectNone(.offers, within: .milliseconds(300)))
            #expect(await cluster.state().frameworks[0].suppressedRoles == ["kafka"])
            try await scheduler.send(.revive(frameworkID: frameworkID, roles: ["kafka"]))
            _ = try await scheduler.next(.offers, timeout: .seconds(1))
        }
    }

    @Test func reviveClearsRefuseFilters() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            try await scheduler.send(
                .decline(
                    frameworkID: scheduler.frameworkID, offerIDs: [offer.id], filters: Filters(refuseSeconds: 3600)))
            #expect(try await scheduler.expectNone(.offers, within: .milliseconds(200)))
            try await scheduler.send(.revive(frameworkID: scheduler.frameworkID))
            _ = try await scheduler.next(.offers, timeout: .seconds(1))
        }
    }

    @Test func mountDisksAreOfferedWithTheirRoots() async throws {
        try await withCluster(agents: 1, configure: { $0.agentMountDisks = (2, 1000) }) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url)
            defer { scheduler.close() }
            let offer = try await scheduler.next(.offers).offers!.offers[0]
            let mounts = Resources(offer.resources).mountDisks
            #expect(mounts.count == 2)
            for mount in mounts {
                #expect(mount.scalarValue == 1000)
                let root = try #require(mount.disk?.source?.mount?.root)
                #expect(root.hasSuffix("/agents/\(offer.agentID)/mounts/disk0") || root.hasSuffix("/mounts/disk1"))
                var isDirectory: ObjCBool = false
                #expect(
                    FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) && isDirectory.boolValue)
            }
            #expect(Resources(offer.resources).disk == 20000 + 2000)
        }
    }

    @Test func subscribingWithSuppressedRolesGetsNoOffers() async throws {
        try await withCluster(agents: 1) { cluster, _ in
            let scheduler = try await TestScheduler.subscribe(cluster.url, suppressedRoles: ["kafka"])
            defer { scheduler.close() }
            #expect(try await scheduler.expectNone(.offers, within: .milliseconds(300)))
        }
    }
}
