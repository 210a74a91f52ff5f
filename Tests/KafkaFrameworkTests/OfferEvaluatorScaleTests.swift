import Foundation
import Mesos
import Testing

@testable import KafkaFramework

/// One OFFERS event of 1,000 offers against a plan of 100 brokers: 50 to place on fresh resources, 50 to
/// relaunch in place, 50 more running elsewhere, reserved leftovers to clean up, NODE placement.
@Suite struct OfferEvaluatorScaleTests {
    static let role = OfferEvaluatorTests.role

    static func scenario() -> (OfferEvaluator, [Offer]) {
        var requests: [OfferEvaluator.Request] = []
        var owned = Set<String>()
        var occupied: [String: Int] = [:]
        for broker in 0..<100 {
            let resourceID = "r-\(broker)"
            owned.insert(resourceID)
            if broker < 50 {
                requests.append(
                    .inPlace(
                        .init(
                            broker: broker, resourceID: resourceID,
                            persistenceID: OfferEvaluator.persistenceID(broker: broker, resourceID: resourceID),
                            cpus: 2, memMB: 4096, port: 0)))
                occupied["agent-\(broker)"] = broker
            } else {
                requests.append(
                    .fresh(.init(broker: broker, resourceID: "new-\(broker)", cpus: 1, memMB: 2048, port: 0)))
                if broker < 75 { occupied["agent-\(broker)"] = broker }
            }
        }
        var offers: [Offer] = []
        for index in 0..<1000 {
            let agent = "agent-\(index)"
            if index < 100 {
                // The reservations of brokers 0-99 (those of 50-99 belong to earlier incarnations: leftovers).
                offers.append(
                    OfferEvaluatorTests.reservedOffer(
                        "o\(index)", broker: index, resourceID: index < 50 ? "r-\(index)" : "old-\(index)"
                    )
                    .with(agent: agent))
            } else if index % 3 == 0 {
                // Too small for a broker.
                offers.append(
                    OfferEvaluatorTests.offer(
                        "o\(index)", agent: agent,
                        resources: [.cpus(0.5), .mem(512), .disk(100), .ports(31000...31001)]))
            } else {
                offers.append(
                    OfferEvaluatorTests.offer("o\(index)", agent: agent, resources: OfferEvaluatorTests.plain))
            }
        }
        let evaluator = OfferEvaluator(
            settings: OfferEvaluatorTests.settings(), requests: requests, ownedResourceIDs: owned,
            occupiedAgents: occupied, cleanUp: true)
        return (evaluator, offers)
    }

    @Test func oneThousandOffersAgainstAHundredBrokers() {
        let (evaluator, offers) = Self.scenario()
        let evaluation = evaluator.evaluate(offers)
        #expect(evaluation.accepts.filter { $0.placement?.fresh == false }.count == 50)
        #expect(evaluation.accepts.filter { $0.placement?.fresh == true }.count == 50)
        #expect(evaluation.accepts.filter { $0.cleanedResources > 0 }.count == 50)
        #expect(evaluation.accepts.count + evaluation.declines.count == 1000)

        // Its speed is measured by `scripts/bench.sh` (docs/performance.md), not here.
    }
}

extension Offer {
    func with(agent: String) -> Offer {
        var copy = self
        copy.agentID = AgentID(agent)
        copy.hostname = agent
        return copy
    }
}
