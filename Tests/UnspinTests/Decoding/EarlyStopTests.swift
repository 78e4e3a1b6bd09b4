import XCTest
@testable import Unspin

/// An island's decoding stops once, past its last phrase, the keep path is the only reading
/// the beam extends (`Decoder.stopsEarly`): the words left would add the same to every score
/// compared. Stopping must change no restored byte and no edit; margins and the spun log-odds
/// may differ only in float rounding (the same terms, added in another order or not at all).
final class EarlyStopTests: XCTestCase {
    func restore(_ restorer: Restorer, _ text: String, stoppingEarly: Bool) -> (Restoration, stops: Int) {
        var decoder = Decoder(restorer: restorer, model: restorer.model as! NGramModel)
        decoder.stopsEarly = stoppingEarly
        let r = withUTF8Bytes(of: text) { decoder.run($0) }
        return (r, decoder.earlyStops)
    }

    func testStoppingEarlyChangesNoOutput() {
        let restorer = MatcherReferenceTests.shipped.restorer
        let spun = DecoderPoolTests.spunStyle
        let clean = String(BenchmarkCorpus.text.prefix(30_000))
        let inputs = spun.components(separatedBy: "\n\n") + [spun, clean, spun + "\n\n" + clean,
                                                                "He mentioned it.", "", "The struggle ended."]
        var stops = 0, edits = 0
        for (i, text) in inputs.enumerated() {
            let (full, none) = restore(restorer, text, stoppingEarly: false)
            let (early, n) = restore(restorer, text, stoppingEarly: true)
            XCTAssertEqual(none, 0, "input \(i)")
            stops += n
            XCTAssertEqual(early.bytes, full.bytes, "input \(i)")
            XCTAssertEqual(early.edits.count, full.edits.count, "input \(i)")
            for (a, b) in zip(early.edits, full.edits) {
                XCTAssertEqual(a.range, b.range, "input \(i)")
                XCTAssertEqual(a.replacement, b.replacement, "input \(i)")
                XCTAssertEqual(a.table, b.table, "input \(i)")
                XCTAssertEqual(a.margin, b.margin, accuracy: 1e-3 * max(1, abs(b.margin)), "input \(i)")
            }
            XCTAssertEqual(early.spunLogOdds, full.spunLogOdds, accuracy: 1e-5 * max(1, abs(full.spunLogOdds)), "input \(i)")
            edits += full.edits.count
        }
        // The inputs exercise both: islands that stop early, and edits.
        XCTAssertGreaterThan(stops, 100)
        XCTAssertGreaterThan(edits, 50)
    }
}
