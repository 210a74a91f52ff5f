import Foundation
import Testing

@testable import Mesos

/// The costs the scheduler and the master pay on every offer cycle, with bounds loose enough for
/// a debug build on a busy machine and tight enough to catch a quadratic mistake.
@Suite struct PerformanceTests {
    static let brokers = 100
    static let labels: [Labels] = (0..<brokers).map { ["broker_id": "\($0)"] }

    /// 1,000 offers; one in ten carries a broker's reservation and volume, like a running cluster.
    static let offers: [Offer] = (0..<1000).map { index in
        var resources: [Resource] = [
            .cpus(8), .mem(32768), .disk(200_000), .ports(31000...31099, 31200...32000),
            Resource.disk(500_000).onDisk(.mount(root: "/mnt/d\(index % 3)")),
        ]
        if index % 10 == 0 {
            let broker = index / 10 % brokers
            func reserved(_ resource: Resource) -> Resource {
                resource.reserved(role: "kafka", principal: "kafka-fw", labels: labels[broker])
            }
            resources += [
                reserved(.cpus(1)), reserved(.mem(4096)),
                reserved(.disk(10000)).withPersistentVolume(
                    id: "kafka-broker-\(broker)-data", containerPath: "kafka-data"),
            ]
        }
        return Offer(
            id: OfferID("O\(index)"), frameworkID: "F", agentID: AgentID("S\(index)"), hostname: "agent\(index).local",
            resources: resources.allocated(to: "kafka"), attributes: [.text("rack", "r\(index % 5)")],
            allocationInfo: .init(role: "kafka")
        )
    }

    static let volumeIDs = (0..<brokers).map { "kafka-broker-\($0)-data" }

    /// The scheduler's question for every (offer, broker) pair: does the broker's reservation and
    /// volume sit in this offer, or else do the unreserved resources fit a new broker?
    static func evaluate(_ offers: [Offer]) -> Int {
        let newBroker = Resources([.cpus(1), .mem(4096), .disk(10000)].allocated(to: "kafka"))
        var matches = 0
        for offer in offers {
            let pool = Resources(offer.resources)
            let unreserved = pool.unreserved
            let hasPort = !unreserved.ports.isEmpty
            for broker in 0..<brokers {
                if let volume = pool.volume(persistenceID: volumeIDs[broker], role: "kafka") {
                    let needed = Resources(
                        [
                            Resource.cpus(1).reserved(role: "kafka", principal: "kafka-fw", labels: labels[broker]),
                            Resource.mem(4096).reserved(role: "kafka", principal: "kafka-fw", labels: labels[broker]),
                        ].allocated(to: "kafka") + [volume])
                    if hasPort && pool.contains(needed) && unreserved.pick(1) != nil { matches += 1 }
                } else if hasPort && unreserved.contains(newBroker) {
                    matches += 1
                }
            }
        }
        return matches
    }

    /// The best of three runs, in CPU time of the calling thread: when the whole suite runs in parallel on two
    /// cores the wall clock mostly measures waiting for a core, not the work.
    static func measure(_ body: () throws -> Void) rethrows -> Duration {
        var best = Duration.seconds(1000)
        for _ in 0..<3 {
            let start = threadCPUTime()
            try body()
            best = min(best, threadCPUTime() - start)
        }
        return best
    }

    static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    @Test func evaluatingAThousandOffersAgainstAHundredBrokers() {
        var matches = 0
        let elapsed = Self.measure { matches = Self.evaluate(Self.offers) }
        // Every offer fits every broker: 100 with its volume on the 100 reserved offers, 100 new ones elsewhere.
        #expect(matches == 1000 * Self.brokers)
        print("evaluate 1000 offers x \(Self.brokers) brokers: \(elapsed)")
        #expect(elapsed < .seconds(3), "\(elapsed)")
    }

    @Test func encodingAndDecodingOffers() throws {
        let event = Event.offers(Array(Self.offers.prefix(100)))
        var bytes: [UInt8] = []
        let encode = try Self.measure { bytes = try MesosJSON.encode(event) }
        var decoded: Event?
        let decode = try Self.measure { decoded = try MesosJSON.decode(Event.self, from: bytes) }
        #expect(decoded == event)
        let foundation = try Self.measure { _ = try JSONEncoder().encode(event) }
        print(
            "OFFERS for 100 agents, \(bytes.count) bytes: encode \(encode), decode \(decode), Foundation JSONEncoder \(foundation)"
        )
        #expect(encode < .milliseconds(200), "\(encode)")
        #expect(decode < .milliseconds(500), "\(decode)")
    }

    @Test func largePoolsStayCheap() throws {
        // An agent-wide view with thousands of volumes: indivisible entries never merge.
        let volumes = (0..<2000).map { index in
            Resource.disk(100).reserved(role: "kafka").withPersistentVolume(id: "v\(index)", containerPath: "data")
        }
        var pool = Resources()
        let elapsed = Self.measure {
            pool = Resources(volumes + [.cpus(64), .mem(262_144)])
            for volume in volumes.reversed() {
                pool.subtract(volume)
            }
        }
        #expect(pool == Resources([.cpus(64), .mem(262_144)]))
        #expect(elapsed < .seconds(2), "\(elapsed)")
    }

    @Test func decodingManyRecords() throws {
        var stream: [UInt8] = []
        for _ in 0..<10_000 {
            RecordIO.append(try MesosJSON.encode(Event.heartbeat), to: &stream)
        }
        var count = 0
        let elapsed = try Self.measure {
            var decoder = RecordIODecoder()
            count = 0
            var start = 0
            while start < stream.count {
                let end = min(start + 1000, stream.count)
                count += try decoder.decode(stream[start..<end]).count
                start = end
            }
        }
        #expect(count == 10_000)
        #expect(elapsed < .milliseconds(500), "\(elapsed)")
    }
}
