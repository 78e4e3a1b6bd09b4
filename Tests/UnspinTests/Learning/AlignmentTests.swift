import XCTest
@testable import Unspin

final class AlignmentTests: XCTestCase {
    /// The phrase pairs (original → spun, folded) learned from one sentence pair.
    func pairs(_ original: String, _ spun: String, maxLength: Int = 4) -> [String] {
        var v = Vocabulary()
        let o = WordSequence(original, vocabulary: &v)
        let s = WordSequence(spun, vocabulary: &v)
        let ops = WordAligner.align(o.words, s.words)
        return PhrasePairExtractor.extract(original: o, spun: s, ops: ops, maxLength: maxLength).map { p in
            o.words[p.original].map { v.word($0) }.joined(separator: " ") + " → "
                + s.words[p.spun].map { v.word($0) }.joined(separator: " ")
        }
    }

    func testCases() {
        let cases: [(String, String, [String])] = [
            ("They need at least three votes.", "They need a minimum of three votes.", ["at least → a minimum of"]),
            ("Higher interest rates hurt buyers.", "Higher rates of interest hurt buyers.", ["interest rates → rates of interest"]),
            ("He agreed with her plan.", "He agreed along with her plan.", ["with → along with"]),
            ("The war goes on, officials said.", "The struggle goes on, officials mentioned.", ["war → struggle", "said → mentioned"]),
            ("It fell because of the rain.", "It fell as a result of the rain.", ["because → as a result"]),
            ("Prices rose. Traders sold.", "Prices rose. Traders sold.", []),
            // A changed stretch that crosses a full stop is not learned.
            ("Prices rose. Traders sold.", "Costs climbed; merchants offered.", []),
            // Longer than the phrase limit on one side: dropped.
            ("It was a good day.", "It was one very extremely fine and happy morning.", []),
            ("Ukraine's air defences", "Ukraine’s air defences", []),
        ]
        for (o, s, want) in cases {
            XCTAssertEqual(pairs(o, s), want, "\(o) / \(s)")
        }
    }

    func testAlignmentCoversBothSides() {
        var v = Vocabulary()
        let a = WordSequence("one two three four five six", vocabulary: &v).words
        let b = WordSequence("one deux three quatre cinq five six seven", vocabulary: &v).words
        let ops = WordAligner.align(a, b)
        XCTAssertEqual(ops, [
            AlignmentOp(.equal, original: 0..<1, spun: 0..<1),
            AlignmentOp(.replace, original: 1..<2, spun: 1..<2),
            AlignmentOp(.equal, original: 2..<3, spun: 2..<3),
            AlignmentOp(.replace, original: 3..<4, spun: 3..<5),
            AlignmentOp(.equal, original: 4..<6, spun: 5..<7),
            AlignmentOp(.insert, original: 6..<6, spun: 7..<8),
        ])
    }

    func testRepeatedWordsAlignByDynamicProgramming() {
        var v = Vocabulary()
        let a = WordSequence("the cat and the dog and the bird", vocabulary: &v).words
        let b = WordSequence("the cat and the hound and the bird", vocabulary: &v).words
        let ops = WordAligner.align(a, b)
        XCTAssertEqual(ops.filter { $0.kind != .equal }, [AlignmentOp(.replace, original: 4..<5, spun: 4..<5)])
    }
}
