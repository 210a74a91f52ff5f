import Testing

@testable import Mesos

@Suite struct RangesTests {
    func ranges(_ items: ClosedRange<UInt64>...) -> Value.Ranges {
        Value.Ranges(items)
    }

    @Test func normalisationSortsAndMerges() {
        let messy = Value.Ranges([
            Value.Range(begin: 40, end: 50), Value.Range(begin: 1, end: 3), Value.Range(begin: 4, end: 5),
            Value.Range(begin: 45, end: 60), Value.Range(begin: 10, end: 9), Value.Range(begin: 2, end: 2),
        ])
        #expect(messy.normalized() == ranges(1...5, 40...60))
        #expect(messy.normalized().range.count == 2)
        #expect(ranges(7...7, 5...5, 6...6) == ranges(5...7))
        #expect(ranges(0...(UInt64.max - 1), UInt64.max...UInt64.max) == ranges(0...UInt64.max))
        #expect(Value.Ranges([Value.Range(begin: 5, end: 4)]).isEmpty)
        #expect(Value.Ranges().isEmpty && !ranges(0...0).isEmpty)
    }

    @Test func counts() {
        #expect(ranges(31000...31099, 31200...32000).count == 100 + 801)
        #expect(ranges(0...UInt64.max).count == .max)
        #expect(ranges(0...0).count == 1)
        #expect(Value.Ranges().count == 0)
    }

    @Test func containment() {
        let offer = ranges(31000...31099, 31200...32000)
        #expect(offer.contains(ranges(31000...31000)))
        #expect(offer.contains(ranges(31050...31099, 31200...31210, 32000...32000)))
        #expect(!offer.contains(ranges(31099...31200)))
        #expect(!offer.contains(ranges(30999...31000)))
        #expect(!offer.contains(ranges(32000...32001)))
        #expect(offer.contains(Value.Ranges()))
        #expect(!Value.Ranges().contains(ranges(1...1)))
        #expect(offer.contains(31100) == false && offer.contains(31200))
        // Adjacent ranges given separately are still one span.
        #expect(Value.Ranges([Value.Range(begin: 1, end: 5), Value.Range(begin: 6, end: 9)]).contains(ranges(4...7)))
    }

    @Test func subtraction() {
        let offer = ranges(31000...32000)
        #expect(offer.subtracting(ranges(31000...31000)) == ranges(31001...32000))
        #expect(offer.subtracting(ranges(32000...32000)) == ranges(31000...31999))
        #expect(offer.subtracting(ranges(31500...31500)) == ranges(31000...31499, 31501...32000))
        #expect(offer.subtracting(ranges(30000...40000)).isEmpty)
        #expect(
            offer.subtracting(ranges(1...2, 31100...31199, 31300...31399, 50000...60000))
                == ranges(31000...31099, 31200...31299, 31400...32000))
        #expect(ranges(1...10, 20...30).subtracting(ranges(5...25)) == ranges(1...4, 26...30))
        #expect(ranges(1...10).subtracting(Value.Ranges()) == ranges(1...10))
        #expect(
            ranges(0...UInt64.max).subtracting(ranges(0...0, UInt64.max...UInt64.max)) == ranges(1...(UInt64.max - 1)))
        // Subtracting what is not there removes nothing.
        #expect(ranges(1...3).subtracting(ranges(7...9)) == ranges(1...3))
    }

    @Test func unionAndIntersection() {
        #expect(ranges(1...3).union(ranges(4...6)) == ranges(1...6))
        #expect(ranges(1...3).union(ranges(10...12)) == ranges(1...3, 10...12))
        #expect(ranges(1...10, 20...30).intersection(ranges(5...25)) == ranges(5...10, 20...25))
    }

    @Test func pickingTheFirstValues() {
        let offer = ranges(31000...31001, 31005...31010)
        #expect(offer.first(1) == ranges(31000...31000))
        #expect(offer.first(3) == ranges(31000...31001, 31005...31005))
        #expect(offer.first(8) == offer)
        #expect(offer.first(9) == nil)
        #expect(offer.first(0) == Value.Ranges())
        #expect(ranges(5...7).values == [5, 6, 7])
    }

    @Test func sets() {
        let set = Value.Set(["a", "b", "c"])
        #expect(set.contains(Value.Set(["c", "a"])))
        #expect(!set.contains(Value.Set(["d"])))
        #expect(set.subtracting(Value.Set(["b", "x"])) == Value.Set(["a", "c"]))
        #expect(set.union(Value.Set(["c", "d"])) == Value.Set(["a", "b", "c", "d"]))
    }

    @Test func fixedPointScalars() {
        var pool = Resources([.cpus(0.1)])
        pool.add(.cpus(0.2))
        #expect(pool.cpus == 0.3)
        #expect(pool.contains(.cpus(0.3)))
        pool.subtract(.cpus(0.3))
        #expect(pool.isEmpty)
        // Below a thousandth counts as nothing, as in Mesos.
        #expect(Resources([.cpus(0.0004)]).isEmpty)
        #expect(Resources([.cpus(1)]).contains(.cpus(1.0004)))
    }
}
