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

    func testEqualLengthPairsSplitOnlyWhenPartsAreAttested() {
        var learner = SpinLearner()
        learner.add(original: "More military aid came.", spun: "More army help came.")
        learner.add(original: "The military left. Aid stopped.", spun: "The army left. Help stopped.")
        learner.add(original: "It was good news today.", spun: "It was excellent information today.")
        XCTAssertEqual(learner.entries().map { "\($0.spun) → \($0.original) \($0.count)" }, [
            "army → military 2", "excellent information → good news 1", "help → aid 2",
        ])
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
