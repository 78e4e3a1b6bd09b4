import XCTest
@testable import Unspin

/// Keep lines from a spinner's over-use of its words, on texts whose counts the test knows.
final class OveruseKeepEstimatorTests: XCTestCase {
    /// Natural text: a ×3, car ×2, and ×2, dog ×1 (8 words).
    static let reference = "A car and a car, and a dog."
    /// Spun text: the ×4, auto ×3, and ×3, car ×1 (11 words); "Auto" folds to "auto".
    static let spun = "The Auto and the auto and the auto, and the car."
    static let candidates = [
        LearnedEntry(spun: "auto", original: "car", count: 0, originalCount: 0, weight: 0.3),      // no keep line
        LearnedEntry(spun: "and", original: "plus", count: 0, originalCount: 0, weight: 0.1),      // no keep line
        LearnedEntry(spun: "vehicle", original: "car", count: 0, originalCount: 0, weight: 0.2),
        LearnedEntry(spun: "vehicle", original: "vehicle", count: 0, originalCount: 0, weight: 0.9), // has one
        LearnedEntry(spun: "the", original: "the", count: 0, originalCount: 0, weight: 0.9),       // keep line only
        LearnedEntry(spun: "dog", original: "hound", count: 0, originalCount: 0, weight: 0.1),      // not in the spun text
        LearnedEntry(spun: "the auto", original: "the car", count: 0, originalCount: 0, weight: 0.5), // multiword
    ]

    func estimator(minCount: Int = 3) -> OveruseKeepEstimator {
        var e = OveruseKeepEstimator()
        e.minCount = minCount
        e.add(referenceText: Self.reference)
        e.add(spunText: Self.spun)
        return e
    }

    func testCountsAndKeepProbability() {
        let e = estimator()
        XCTAssertEqual(e.spunWords, 11)
        XCTAssertEqual(e.referenceWords, 8)
        let auto = e.counts(of: "AUTO")
        XCTAssertEqual(auto.spun, 3)
        XCTAssertEqual(auto.expected, 11 * 0.5 / 8, accuracy: 1e-12)            // never in the reference
        XCTAssertEqual(e.counts(of: "and").expected, 11 * 2.5 / 8, accuracy: 1e-12)
        XCTAssertEqual(e.keepProbability(of: "auto"), (0.6875 + 1) / 5, accuracy: 1e-12)   // 0.3375
        XCTAssertEqual(e.keepProbability(of: "and"), (3.4375 + 1) / 5, accuracy: 1e-12)    // 0.8875
        // A word the spinner uses less than natural text does is kept for sure.
        XCTAssertEqual(e.keepProbability(of: "a"), 1)
        XCTAssertEqual(e.counts(of: "unseen").spun, 0)
    }

    func testKeepEntriesOnlyForSubstitutedWordsWithoutKeepLine() {
        let lines = estimator().keepEntries(candidates: Self.candidates)
        XCTAssertEqual(lines.map(\.spun), ["and", "auto"])
        XCTAssertTrue(lines.allSatisfy(\.isIdentity))
        XCTAssertEqual(lines[0].weight, 0.8875, accuracy: 1e-12)
        XCTAssertEqual(lines[1].weight, 0.3375, accuracy: 1e-12)
        XCTAssertEqual(lines[1].note, "spun 3, natural 0.7")
        XCTAssertEqual(LearnedDictionaryFormat.format(lines), "and\tand\t0.8875 # spun 3, natural 3.4\nauto\tauto\t0.3375 # spun 3, natural 0.7\n")
    }

    func testMinCount() {
        XCTAssertEqual(estimator(minCount: 4).keepEntries(candidates: Self.candidates), [])
        // Counting more spun text lowers the over-used word's keep further.
        var e = estimator()
        e.add(spunText: Self.spun)
        XCTAssertEqual(e.keepEntries(candidates: Self.candidates).last?.weight ?? 0, (22 * 0.5 / 8 + 1) / 8, accuracy: 1e-12)
    }
}
