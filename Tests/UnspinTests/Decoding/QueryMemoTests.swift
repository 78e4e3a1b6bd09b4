import XCTest
@testable import Unspin

/// The decoder answers a query it made before within the same input from its memo
/// (`_QueryMemo`): the same state and word give the same score and state, so every output
/// must be bit-identical with the memo and without it, including margins, confidences,
/// alternatives and the spun log-odds, and nothing may carry over from one input to the next.
final class QueryMemoTests: XCTestCase {
    func restore(_ decoder: inout Decoder<NGramModel>, _ text: String) -> Restoration {
        withUTF8Bytes(of: text) { decoder.run($0) }
    }

    func testTheMemoChangesNoOutput() {
        let shipped = MatcherReferenceTests.shipped.restorer
        var options = RestorerOptions()
        options.explainsEdits = true
        let restorer = Restorer(dictionary: shipped.dictionary, model: shipped.model, options: options)
        let spun = DecoderPoolTests.spunStyle
        let clean = String(BenchmarkCorpus.text.prefix(30_000))
        let inputs = spun.components(separatedBy: "\n\n") + [spun, clean, spun + "\n\n" + String(clean.prefix(3_000)),
                                                                spun + "\n\n" + clean, "He mentioned it.", "", "The struggle ended.", spun]
        var with = Decoder(restorer: restorer, model: restorer.model as! NGramModel)
        var edits = 0, secondPasses = 0
        for (i, text) in inputs.enumerated() {
            var without = Decoder(restorer: restorer, model: restorer.model as! NGramModel)
            without.usesMemo = false
            let a = restore(&with, text), b = restore(&without, text)
            XCTAssertEqual(a.bytes, b.bytes, "input \(i)")
            XCTAssertEqual(a.edits, b.edits, "input \(i)")
            XCTAssertEqual(a.spunLogOdds.bitPattern, b.spunLogOdds.bitPattern, "input \(i)")
            XCTAssertEqual(with.evidence.bitPattern, without.evidence.bitPattern, "input \(i)")
            XCTAssertEqual(with.extraPenalty, without.extraPenalty, "input \(i)")
            edits += b.edits.count
            if without.extraPenalty > 0 { secondPasses += 1 }
        }
        XCTAssertGreaterThan(edits, 50)
        XCTAssertGreaterThan(secondPasses, 0, "some input must take the second pass")
    }
}
