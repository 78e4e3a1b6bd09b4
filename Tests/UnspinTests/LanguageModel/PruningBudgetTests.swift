import XCTest
@testable import Unspin

/// `KneserNeyTrainer.train(maxBytes:)`: the least pruning whose image fits a size budget.
final class PruningBudgetTests: XCTestCase {
    /// A text with many singleton trigrams and a few frequent ones.
    func corpus() -> String {
        var lines: [String] = []
        var x: UInt64 = 12345
        func next(_ n: UInt64) -> UInt64 { x = x &* 6364136223846793005 &+ 1442695040888963407; return (x >> 33) % n }
        for _ in 0..<400 {
            lines.append((0..<8).map { _ in "w\(next(60))" }.joined(separator: " "))
        }
        for _ in 0..<50 { lines.append("the cat sat on the mat") }
        return lines.joined(separator: "\n") + "\n"
    }

    func trainer(prune: [Int] = []) throws -> KneserNeyTrainer {
        var o = KneserNeyOptions()
        o.order = 3
        o.pruneThresholds = prune
        let t = try KneserNeyTrainer(options: o)
        withUTF8Bytes(of: corpus()) { t.addText($0, tokenized: true) }
        return t
    }

    func testBudgetPicksLeastPruningThatFits() throws {
        let full = try trainer().train().converted(to: .compact)
        let pruned = try trainer(prune: [0, 1]).train().converted(to: .compact)
        XCTAssertLessThan(pruned.byteSize, full.byteSize)
        // A budget between the two: pruning singletons fits, no pruning does not.
        let budget = (full.byteSize + pruned.byteSize) / 2
        let t = try trainer()
        let m = try t.train(maxBytes: budget)
        XCTAssertLessThanOrEqual(m.byteSize, budget)
        XCTAssertNotEqual(t.thresholdsUsed, [0, 0, 0])
        XCTAssertGreaterThanOrEqual(m.counts.reduce(0, +), pruned.counts.reduce(0, +))
        // The model equals a plain training with the thresholds chosen.
        let again = try trainer(prune: t.thresholdsUsed).train().converted(to: .compact)
        XCTAssertEqual(again.byteSize, m.byteSize)
        XCTAssertEqual(again.counts, m.counts)
    }

    func testBudgetThatFitsKeepsEverything() throws {
        let full = try trainer().train().converted(to: .compact)
        let t = try trainer()
        let m = try t.train(maxBytes: full.byteSize)
        XCTAssertEqual(t.thresholdsUsed, [0, 0, 0])
        XCTAssertEqual(m.counts, full.counts)
        // --prune is where the search starts: it never prunes less.
        let t2 = try trainer(prune: [0, 2])
        _ = try t2.train(maxBytes: full.byteSize)
        XCTAssertEqual(t2.thresholdsUsed, [0, 2, 2])
    }

    func testImpossibleBudgetThrows() throws {
        XCTAssertThrowsError(try trainer().train(maxBytes: 1000)) { e in
            XCTAssertTrue((e as? LMError)?.message.hasPrefix("no pruning makes the model fit in 1000 bytes") ?? false, "\(e)")
        }
    }
}
