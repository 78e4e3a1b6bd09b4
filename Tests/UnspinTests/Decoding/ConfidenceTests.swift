import XCTest
@testable import Unspin

/// Edit confidences and alternatives (`RestorerOptions.explainsEdits`, `minimumConfidence`).
final class ConfidenceTests: XCTestCase {
    func restorer(_ configure: (inout RestorerOptions) -> Void) -> Restorer {
        var o = RestorerOptions()
        configure(&o)
        return Restorer(dictionary: PhraseDictionary(tables: [DecoderTests.table]), model: DecoderTests.model, options: o)
    }

    func testAlternativesAreRankedPosteriors() throws {
        let r = restorer { $0.explainsEdits = true }
        let result = r.restore("He mentioned the struggle in Ukraine.")
        XCTAssertEqual(result.text, "He said the war in Ukraine.")
        XCTAssertEqual(result.edits.map(\.replacement), ["said", "war"])
        for e in result.edits {
            let c = try XCTUnwrap(e.confidence)
            XCTAssertEqual(e.alternatives.first?.text, e.replacement)
            XCTAssertEqual(e.alternatives.first?.confidence, c)
            XCTAssertTrue(e.alternatives.contains { $0.text == e.spun && $0.table == nil }, "the spun text is a reading")
            let sum = e.alternatives.map(\.confidence).reduce(0, +)
            XCTAssertLessThanOrEqual(sum, 1.0001)
            XCTAssertGreaterThan(sum, 0.9999)   // every reading listed here (fewer than 8)
            XCTAssertEqual(e.alternatives.map(\.confidence), e.alternatives.map(\.confidence).sorted(by: >))
        }
        // "struggle": war, fight and the spun word itself.
        XCTAssertEqual(result.edits[1].alternatives.map(\.text).sorted(), ["fight", "struggle", "war"])
        // Without the option, edits carry nothing.
        let plain = restorer { _ in }.restore("He mentioned the struggle in Ukraine.")
        XCTAssertEqual(plain.edits.map(\.confidence), [nil, nil])
        XCTAssertEqual(plain.edits.map(\.alternatives.count), [0, 0])
    }

    func testMinimumConfidenceDropsOnlyWeakerEdits() throws {
        let input = "He mentioned the struggle in Ukraine."
        let all = restorer { $0.explainsEdits = true }.restore(input)
        let confidences = all.edits.map { $0.confidence! }
        let threshold = (confidences[0] + confidences[1]) / 2
        let some = restorer { $0.minimumConfidence = threshold }.restore(input)
        XCTAssertEqual(some.edits.map(\.replacement), all.edits.filter { $0.confidence! >= threshold }.map(\.replacement))
        XCTAssertEqual(some.edits.count, 1)
        let none = restorer { $0.minimumConfidence = 1 }.restore(input)
        XCTAssertEqual(none.text, input)
        XCTAssertEqual(none.edits, [])
    }
}
