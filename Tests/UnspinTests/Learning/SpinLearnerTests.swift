import XCTest
@testable import Unspin

final class SpinLearnerTests: XCTestCase {
    func line(_ e: LearnedEntry) -> String {
        "\(e.spun)\t\(e.original)\t\(LearnedDictionaryFormat.formatWeight(e.weight)) \(e.count)/\(e.originalCount)"
    }

    func testCountsAndWeights() {
        var learner = SpinLearner()
        learner.add(original: "The minister said the war must end.", spun: "The minister mentioned the struggle must finish.")
        learner.add(original: "Officials said nothing. She said yes.", spun: "Officials mentioned nothing. She said yes.")
        learner.add(original: "They need at least two votes.", spun: "They need a minimum of two votes.")
        XCTAssertEqual(learner.entries().map(line), [
            "a minimum of\tat least\t0.5 1/1",
            "finish\tend\t0.5 1/1",
            "mentioned\tsaid\t0.5 2/3",
            "struggle\twar\t0.5 1/1",
        ])
    }

    func testIdentityLinesGiveKeepProbability() {
        var learner = SpinLearner()
        learner.add(original: "They said it. We said it. You said it.", spun: "They mentioned it. We said it. You said it.")
        learner.add(original: "He mentioned it.", spun: "He mentioned it.")
        XCTAssertEqual(learner.entries().map(line), [
            "mentioned\tmentioned\t0.6667 1/1",
            "mentioned\tsaid\t0.25 1/3",
        ])
    }

    func testMultiwordPairsSplitOnlyIntoAttestedOrContentWordParts() {
        var learner = SpinLearner()
        learner.add(original: "They sent more military aid.", spun: "They despatched extra army help.")
        learner.add(original: "The military left. Aid stopped. More came.", spun: "The army left. Help stopped. Extra came.")
        learner.add(original: "It was good news today, due to luck.", spun: "It was excellent information today, because of luck.")
        learner.add(original: "It came about slowly at once.", spun: "It took place slowly right away.")
        XCTAssertEqual(learner.entries().map { "\($0.spun) → \($0.original) \($0.count)" }, [
            "army → military 2", "because of → due to 1", "despatched → sent 1", "excellent → good 1", "extra → more 2",
            "help → aid 2", "information → news 1", "right away → at once 1", "took place → came about 1",
        ])
    }

    func testDigitAndFunctionWordPairFilters() {
        var learner = SpinLearner()
        learner.add(original: "It fell in the night, one of them said.", spun: "It fell within the night, 1 of them mentioned.")
        XCTAssertEqual(learner.entries().filter { !$0.isIdentity }.map { "\($0.spun) → \($0.original)" },
                       ["mentioned → said", "within → in"])
        learner.keepFunctionWordPairs = false
        XCTAssertEqual(learner.entries().filter { !$0.isIdentity }.map { "\($0.spun) → \($0.original)" }, ["mentioned → said"])
    }

    func testLearnedTableRoundTrip() throws {
        var learner = SpinLearner()
        learner.add(original: "The minister said the war must end. Officials said so.",
                    spun: "The minister mentioned the struggle must finish. Officials said so.")
        learner.add(original: "They need at least two votes.", spun: "They need a minimum of two votes.")
        let entries = learner.entries()
        let text = LearnedDictionaryFormat.format(entries, header: ["test"])
        let table = try PhraseTable.parse(Array(text.utf8), file: "learned.tsv", name: "learned")
        XCTAssertEqual(table.entries.map { "\($0.spun)|\($0.original)|\($0.weight!)" },
                       entries.map { "\($0.spun)|\($0.original)|\(Double(LearnedDictionaryFormat.formatWeight($0.weight))!)" })
        let back = LearnedDictionaryFormat.parseCounts(text)
        XCTAssertEqual(back.map { "\($0.spun)|\($0.original)|\($0.count)|\($0.originalCount)" },
                       entries.map { "\($0.spun)|\($0.original)|\($0.count)|\($0.originalCount)" })
        XCTAssertEqual(text.split(separator: "\n").first, "# test")
    }
}
