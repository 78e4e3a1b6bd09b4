import Foundation
import XCTest
@testable import Unspin

/// Restore's spinner-agnostic decision (`RestorerOptions.anySpinner`) and the open candidates
/// of `Restorer.open`.
final class OpenCandidatesTests: XCTestCase {
    /// The known spinner's table: no entry for "mentioned".
    static let closed = PhraseTable(name: "news", entries: [
        PhraseEntry(spun: "struggle", original: "war", weight: 0.3),
    ])
    /// A thesaurus's reverse candidates.
    static let open = PhraseTable(name: "open", entries: [
        PhraseEntry(spun: "mentioned", original: "said", weight: 0.4),
    ])

    /// A restorer whose spinner-agnostic decision says `anyOdds` of every input.
    func restorer(anyOdds: Double?, openKnownSpins: Bool = false, gate: Bool = true, threshold: Float = 0) -> Restorer {
        var options = DecoderTests.handWorked
        options.documentGate = gate
        options.openKnownSpins = openKnownSpins
        options.anySpinnerThreshold = threshold
        var openOptions = options
        openOptions.documentGate = false
        let openRestorer = Restorer(dictionary: PhraseDictionary(tables: [Self.closed, Self.open]),
                                    model: DecoderTests.model, options: openOptions)
        if let anyOdds { options.anySpinner = SpinCalibration(intercept: anyOdds, evidence: 0, words: 0, paragraph: .infinity) }
        return Restorer(dictionary: PhraseDictionary(tables: [Self.closed]), model: DecoderTests.model,
                        options: options, open: openRestorer)
    }

    func check(_ r: Restoration, _ text: String, tables: [String], line: UInt = #line) {
        XCTAssertEqual(r.text, text, line: line)
        XCTAssertEqual(r.edits.map(\.table), tables, line: line)
    }

    func testTheDecisionChoosesTheRestorer() {
        let text = "He mentioned the war in Ukraine."
        // Judged spun by any spinner: restored with the open candidates.
        let opened = restorer(anyOdds: 1).restore(text)
        check(opened, "He said the war in Ukraine.", tables: ["open"])
        XCTAssertEqual(opened.anySpinnerLogOdds, 1)
        XCTAssertEqual(opened.spunLogOdds, 1)
        // Judged written: untouched; no decision: untouched, no odds reported.
        let kept = restorer(anyOdds: -1).restore(text)
        XCTAssertEqual(kept.text, text)
        XCTAssertEqual(kept.anySpinnerLogOdds, -1)
        let none = restorer(anyOdds: nil).restore(text)
        XCTAssertEqual(none.text, text)
        XCTAssertNil(none.anySpinnerLogOdds)
        // The threshold (--any-spinner-odds) is on the log10 odds: 1 is not above 1.
        XCTAssertEqual(restorer(anyOdds: 1, threshold: 1).restore(text).text, text)
        XCTAssertEqual(restorer(anyOdds: 1, threshold: 0.9).restore(text).text, "He said the war in Ukraine.")
        // Without the document gate (--every-input, detect's phrases) the restorer's own tables
        // restore every input, and an input judged spun by any spinner gets the open candidates.
        check(restorer(anyOdds: 1, gate: false).restore(text), "He said the war in Ukraine.", tables: ["open"])
        XCTAssertEqual(restorer(anyOdds: -1, gate: false).restore(text).text, text)
        let known = restorer(anyOdds: 1, gate: false).restore("He mentioned the struggle in Ukraine.")
        check(known, "He said the war in Ukraine.", tables: ["open", "news"])
    }

    func testKnownSpinsKeepTheTablesUnlessAsked() {
        let text = "He mentioned the struggle in Ukraine."
        // The known-spinner decision opens on "struggle in": the tables alone restore it.
        let known = restorer(anyOdds: 1).restore(text)
        check(known, "He mentioned the war in Ukraine.", tables: ["news"])
        XCTAssertGreaterThan(known.spunLogOdds, 0)
        // With openKnownSpins the open candidates join in.
        check(restorer(anyOdds: 1, openKnownSpins: true).restore(text), "He said the war in Ukraine.", tables: ["open", "news"])
    }

    func testDefaultsNameOpenTables() throws {
        let dir = NSTemporaryDirectory() + "/unspin-open-defaults-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "model m.bin\ntable t.tsv\nopen-table a.tsv\nopen-table b.tsv 0.5\nopen-compiled open.dict\n"
            .write(toFile: dir + "/defaults.txt", atomically: true, encoding: .utf8)
        let d = try DefaultData.read(dir)
        XCTAssertEqual(d.tables.map(\.path), [dir + "/t.tsv"])
        XCTAssertEqual(d.openTables.map(\.path), [dir + "/a.tsv", dir + "/b.tsv"])
        XCTAssertEqual(d.openTables.map(\.weight), [1, 0.5])
        XCTAssertEqual(d.openCompiled, dir + "/open.dict")
        try "model m.bin\nopen-table a.tsv x\n".write(toFile: dir + "/defaults.txt", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DefaultData.read(dir)) {
            XCTAssertEqual("\($0)", "\(dir)/defaults.txt:2: table weight 'x' is not a number ≥ 0")
        }
        // Without the option, a restorer from the default data has no open candidates.
        var options = RestorerOptions()
        XCTAssertFalse(options.openCandidates)
        XCTAssertNil(try d.openRestorer(model: DecoderTests.model, options: &options))
    }

    /// `openChannelWeight` sets the open restorer's channel weight only (the decision's
    /// evidence keeps the restorer's); `anySpinner` and the neighbours come from the defaults.
    func testOpenChannelWeightIsTheOpenRestorersOnly() throws {
        let dir = try temporaryFolder("open-weight", files: [
            "t.tsv": "struggle\twar\t0.3\n", "a.tsv": "mentioned\tsaid\t0.4\n", "n.tsv": "mentioned\tsaid\n",
            "defaults.txt": "model m.bin\ntable t.tsv\nopen-table a.tsv\nneighbours n.tsv\ndetect-calibration intercept=-1,evidence=1,words=0\n",
        ])
        var d = try DefaultData.read(dir)
        d.cache = nil
        var options = RestorerOptions()
        options.openCandidates = true
        options.openChannelWeight = 0.7
        let open = try XCTUnwrap(try d.openRestorer(model: DecoderTests.model, options: &options))
        XCTAssertEqual(open.options.channelWeight, 0.7)
        XCTAssertEqual(options.channelWeight, RestorerOptions().channelWeight)
        XCTAssertEqual(options.anySpinner?.intercept, -1)
        XCTAssertNotNil(options.neighbours)
        XCTAssertEqual(open.dictionary.lookup("mentioned").map(\.original), ["said"])
    }
}
