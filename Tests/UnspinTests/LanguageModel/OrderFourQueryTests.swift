import XCTest
@testable import Unspin

/// The 4-gram query (`_LMHandle.scoreOrder4`, what the default model runs) is straight-line code
/// next to the query for any order (`scoreAnyOrder`); both must give the same bits and states.
final class OrderFourQueryTests: XCTestCase {
    /// Text of our own, with repeats so that 3- and 4-grams survive, and words that end
    /// contexts (so that states are cut short) and one unknown word in the queries.
    static let text = """
    the board said on monday that the plan would go ahead
    the board said on tuesday that the plan would not go ahead
    a spokesman said on monday that the board would meet again
    the plan would go ahead said the spokesman on friday
    nobody said that the board would go ahead with the plan
    """

    /// A 4-gram model trained on `text`.
    static func model() throws -> NGramModel {
        var o = KneserNeyOptions()
        o.order = 4
        o.fallbackDiscounts = [0.5, 1, 1.5]
        let trainer = try KneserNeyTrainer(options: o)
        withUTF8Bytes(of: text) { trainer.addText($0, tokenized: true) }
        return try trainer.train()
    }

    func testOrderFourQueryEqualsTheGeneralQuery() throws {
        let model = try Self.model()
        XCTAssertEqual(model.order, 4)
        XCTAssertGreaterThan(model.counts[3], 0, "the fixture must hold 4-grams")
        let words = Self.text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) + ["zebra"]
        var ids = Array(Set(words.map { model.index(of: $0) })).sorted()
        ids.append(model.endSentenceWord)
        // Every state reached along the sentences and along every two-word continuation of
        // every prefix, each queried with every word.
        var states: [LMState] = [model.beginSentenceState(), model.nullContextState()]
        for line in Self.text.split(separator: "\n") {
            var s = model.beginSentenceState(), n = LMState()
            for w in line.split(separator: " ") {
                _ = model.handle.scoreAnyOrder(s, model.index(of: String(w)), next: &n)
                s = n
                states.append(s)
            }
        }
        var checked = 0, lengths = Set<UInt8>()
        var seen = Set<LMState>()
        for start in states where seen.insert(start).inserted {
            for w in ids {
                var fast = LMState(), general = LMState()
                let a = model.handle.scoreOrder4(start, w, next: &fast)
                let b = model.handle.scoreAnyOrder(start, w, next: &general)
                XCTAssertEqual(a.bitPattern, b.bitPattern, "state \(start), word \(w)")
                XCTAssertEqual(fast, general, "state \(start), word \(w)")
                XCTAssertEqual(model.score(start, w, next: &fast).bitPattern, b.bitPattern)
                lengths.insert(start.length)
                checked += 1
            }
        }
        XCTAssertEqual(lengths, [0, 1, 2, 3], "states of every length are checked")
        XCTAssertGreaterThan(checked, 500)
    }

    /// The 3- and 4-gram key filters pass every key their tables hold (a filter that said
    /// "absent" for a stored n-gram would change scores), and rule out most others.
    func testKeyFiltersPassEveryStoredKey() throws {
        let model = try Self.model()
        let h = model.handle
        for (n, filter) in [(3, h.filter3), (4, h.filter4)] {
            var stored = 0
            for slot in 0..<Int(h.table(n).capacity) {
                let key = h.key(n, slot)
                if key == LMLayout.emptyKey { continue }
                XCTAssertTrue(filter.mayContain(Hashing.mix(key)), "order \(n) key \(key)")
                stored += 1
            }
            XCTAssertGreaterThan(stored, 0)
            var passed = 0
            for k in 0..<10_000 { if filter.mayContain(Hashing.mix(0xABCD_0000_0000 &+ UInt64(k))) { passed += 1 } }
            XCTAssertLessThan(passed, 1_000, "order \(n): a filter should rule out most absent keys")
        }
    }
}
