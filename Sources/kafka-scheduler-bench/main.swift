import Foundation
import KafkaFramework
import Mesos

/// `kafka-scheduler-bench offers [--runs N]`: times the offer evaluation of one OFFERS event of 1,000 offers
/// against a plan of 100 brokers (50 relaunched in place on their reservations, 50 placed on fresh
/// resources, 50 reserved leftovers of earlier incarnations to clean up, NODE placement), and, as the
/// baseline measured in the same run, the decoding of the same event from the master's JSON, which the
/// scheduler does for every OFFERS event anyway. Prints the best run of each and their ratio.

let role = "kafka-role"
let principal = "kafka-principal"
let plain: [Resource] = [.cpus(4), .mem(8192), .disk(20000), .ports(31000...31010)]

func offer(_ id: String, agent: String, resources: [Resource]) -> Offer {
    Offer(
        id: OfferID(id), frameworkID: "fw", agentID: AgentID(agent), hostname: "\(agent).local",
        resources: resources.map { $0.allocated(to: role) }, allocationInfo: .init(role: role))
}

func reservedOffer(_ id: String, agent: String, broker: Int, resourceID: String) -> Offer {
    let labels = OfferEvaluator.reservationLabels(broker: broker, resourceID: resourceID)
    func reserved(_ resource: Resource) -> Resource {
        resource.reserved(role: role, principal: principal, labels: labels)
    }
    let volume = reserved(.disk(5000)).withPersistentVolume(
        id: OfferEvaluator.persistenceID(broker: broker, resourceID: resourceID), containerPath: "kafka-volume",
        principal: principal)
    return offer(
        id, agent: agent,
        resources: plain + [reserved(.cpus(2)), reserved(.mem(4096)), reserved(.ports(31005...31005)), volume])
}

func scenario() -> (OfferEvaluator, [Offer]) {
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
            requests.append(.fresh(.init(broker: broker, resourceID: "new-\(broker)", cpus: 1, memMB: 2048, port: 0)))
            if broker < 75 { occupied["agent-\(broker)"] = broker }
        }
    }
    var offers: [Offer] = []
    for index in 0..<1000 {
        let agent = "agent-\(index)"
        if index < 100 {
            offers.append(
                reservedOffer("o\(index)", agent: agent, broker: index, resourceID: index < 50 ? "r-\(index)" : "old-\(index)"))
        } else if index % 3 == 0 {
            offers.append(
                offer("o\(index)", agent: agent, resources: [.cpus(0.5), .mem(512), .disk(100), .ports(31000...31001)]))
        } else {
            offers.append(offer("o\(index)", agent: agent, resources: plain))
        }
    }
    let evaluator = OfferEvaluator(
        settings: .init(role: role, principal: principal, placement: .node, diskType: .root, diskMB: 5000),
        requests: requests, ownedResourceIDs: owned, occupiedAgents: occupied, cleanUp: true)
    return (evaluator, offers)
}

func best(runs: Int, _ body: () throws -> Void) rethrows -> Duration {
    var best = Duration.seconds(1_000_000)
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try body()
        best = min(best, ContinuousClock.now - start)
    }
    return best
}

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

func runOffers(runs: Int) throws {
    let (evaluator, offers) = scenario()
    let event = Event(type: .offers, offers: .init(offers: offers))
    let json = try MesosJSON.encode(event)

    var accepted = 0
    let evaluation = best(runs: runs) {
        let result = evaluator.evaluate(offers)
        accepted = result.accepts.count
    }
    var decoded = 0
    let decoding = try best(runs: runs) {
        decoded = try MesosJSON.decode(Event.self, from: json).offers?.offers.count ?? 0
    }
    guard accepted == 100, decoded == 1000 else {
        FileHandle.standardError.write(Data("unexpected result: \(accepted) accepts, \(decoded) offers decoded\n".utf8))
        exit(1)
    }
    let perOffer = microseconds(evaluation) / 1000
    let decodePerOffer = microseconds(decoding) / 1000
    print("offer evaluation: 1000 offers x 100 brokers, best of \(runs) runs")
    print(String(format: "  evaluate         %9.1f us/event  %7.2f us/offer", microseconds(evaluation), perOffer))
    print(String(format: "  decode (baseline)%9.1f us/event  %7.2f us/offer  (%d bytes of JSON)",
                 microseconds(decoding), decodePerOffer, json.count))
    print(String(format: "  ratio evaluate/decode: %.2f", perOffer / decodePerOffer))
}

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 20
if let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
    runs = max(1, value)
    arguments.removeSubrange(index...(index + 1))
}
switch arguments.first {
case "offers":
    try runOffers(runs: runs)
default:
    FileHandle.standardError.write(Data("usage: kafka-scheduler-bench offers [--runs N]\n".utf8))
    exit(2)
}
