import Foundation
import XCTest
@testable import Unspin

/// The neighbour evidence of `unspin detect`: the table, the counts and the calibration terms.
final class NeighbourTests: XCTestCase {
    func testTableParsing() throws {
        let path = NSTemporaryDirectory() + "unspin-neighbours-\(getpid()).tsv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "# comment\nfound\tdiscovered detected\n\nexperts\tspecialists\n".write(toFile: path, atomically: true, encoding: .utf8)
        let t = try NeighbourTable(contentsOfFile: path)
        XCTAssertEqual(t.rows.map(\.word), ["found", "experts"])
        XCTAssertEqual(t.rows.map(\.neighbours), [["discovered", "detected"], ["specialists"]])
        try "found discovered\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try NeighbourTable(contentsOfFile: path)) {
            XCTAssertEqual("\($0)", "\(path):1: expected WORD<TAB>NEIGHBOURS")
        }
        XCTAssertThrowsError(try NeighbourTable(contentsOfFile: path + ".missing"))
        // CRLF line ends, runs of spaces, a row without neighbours; the error names the line.
        try "found\tdiscovered  detected \r\n# c\r\n\r\nlone\t\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        let crlf = try NeighbourTable(contentsOfFile: path)
        XCTAssertEqual(crlf.rows.map(\.word), ["found", "lone"])
        XCTAssertEqual(crlf.rows.map(\.neighbours), [["discovered", "detected"], []])
        try "a\tb\n\n\tno word\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try NeighbourTable(contentsOfFile: path)) {
            XCTAssertEqual("\($0)", "\(path):3: expected WORD<TAB>NEIGHBOURS")
        }
    }

    /// A unigram model in which "large", "big", "vast" and "house" are rare enough to be checked
    /// (unigram log10 P below `NeighbourIndex.commonLevel`) and "big" is the commonest of
    /// "large"'s neighbours.
    static let rareWords = """
        \\data\\
        ngram 1=9

        \\1-grams:
        -1.0\t<unk>
        -99\t<s>
        -0.5\t</s>
        -0.8\tthe
        -0.9\twas
        -3.5\tlarge
        -3.2\tbig
        -4.0\tvast
        -3.3\thouse

        \\end\\

        """

    /// Counts of the neighbour check over `text` with the table `large → vast big`.
    func counts(_ text: String) throws -> NeighbourCounts {
        var options = RestorerOptions()
        options.neighbours = NeighbourTable(rows: [(word: "large", neighbours: ["vast", "big", "large"]), (word: "house", neighbours: ["big"])])
        let model = try NGramModel(arpaText: Self.rareWords)
        let index = NeighbourIndex(try XCTUnwrap(options.neighbours), model: model)
        // Neighbours the model knows, the word itself left out, the most frequent first.
        XCTAssertEqual(index.count, 2)
        XCTAssertEqual(index.ids[Int(index.starts[0])..<Int(index.starts[1])], [model.index(of: "big"), model.index(of: "vast")])
        let r = Restorer(dictionary: PhraseDictionary(tables: []), model: model, options: options)
        return try XCTUnwrap(r.restore(text).neighbours)
    }

    /// Each word is checked at its first occurrence in an input only: "big" beats "large" by
    /// its unigram margin (0.3) and "house" by 0.1, both below the fit margin.
    func testEachWordIsCheckedOnce() throws {
        let once = try counts("the large house")
        XCTAssertEqual(once.checked, 2)
        XCTAssertEqual(once.fits, 0)
        XCTAssertEqual(Double(once.advantage), 0.4, accuracy: 1e-5)
        let twice = try counts("the large house was large. the large house")
        XCTAssertEqual(twice.checked, 2)
        XCTAssertEqual(twice.fits, 0)
        XCTAssertEqual(Double(twice.advantage), 0.4, accuracy: 1e-5)
        let house = try counts("the house")
        XCTAssertEqual(house.checked, 1)
        XCTAssertEqual(Double(house.advantage), 0.1, accuracy: 1e-5)
    }

    func testCalibrationTerms() throws {
        let c = try SpinCalibration(parsing: "intercept=-1,evidence=0.5,words=0.01,evidenceTanh=2,fits=0.1,misfits=0.2,checked=-0.03,"
                                    + "advantage=0.04,fitsZ=1,misfitsZ=0.5,advantageZ=0.25,checkedRoot=-0.5,meanAdvantage=-2")
        var n = NeighbourCounts()
        // No word checked: only the evidence and word terms.
        XCTAssertEqual(Double(c.logOdds(evidence: 4, words: 100, neighbours: n)), -1 + 2 + 1 + 2 * tanh(0.2), accuracy: 1e-5)
        n.checked = 16; n.fits = 4; n.misfits = 2; n.advantage = 8
        let expected = -1 + 2 + 1 + 2 * tanh(0.2) + 0.4 + 0.4 - 0.48 + 0.32 + 1 + 0.25 + 0.5 - 2 - 1
        XCTAssertEqual(Double(c.logOdds(evidence: 4, words: 100, neighbours: n)), expected, accuracy: 1e-5)
        XCTAssertEqual(try SpinCalibration(parsing: c.description), c)
        // The unknown-word and per-token terms.
        let u = try SpinCalibration(parsing: "evidence=0,unknownZ=2,meanLogProb=0.5")
        n.unknown = 3; n.units = 10; n.logProb = -30
        XCTAssertEqual(Double(u.logOdds(evidence: 4, words: 100, neighbours: n)), 2 * 3 / 4 + 0.5 * -3, accuracy: 1e-5)
        // Strong islands: per island, and once for any (also without checked words).
        let strong = try SpinCalibration(parsing: "evidence=0,strongIslands=0.5,anyStrong=1")
        var sc = NeighbourCounts()
        XCTAssertEqual(strong.logOdds(evidence: 4, words: 10, neighbours: sc), 0)
        sc.strongIslands = 3
        XCTAssertEqual(Double(strong.logOdds(evidence: 4, words: 10, neighbours: sc)), 2.5, accuracy: 1e-6)
        // A calibration without neighbour terms ignores the counts.
        let plain = SpinCalibration(intercept: -1, evidence: 0.5, words: 0.01, paragraph: .infinity)
        XCTAssertEqual(plain.logOdds(evidence: 4, words: 100, neighbours: n), plain.logOdds(evidence: 4, words: 100))
    }

    func testDefaultsNameTheDetectData() throws {
        let dir = try temporaryFolder("detect-defaults", files: [
            "cal.txt": "# fitted\nintercept=-2,fitsZ=1.5\n",
            "defaults.txt": "model m.bin\nneighbours n.tsv\ndetect-calibration cal.txt\n",
        ])
        let d = try DefaultData.read(dir)
        XCTAssertEqual(d.neighbours, dir + "/n.tsv")
        var expected = SpinCalibration(intercept: -2, evidence: 1, words: 0, paragraph: .infinity)
        expected.fitsZ = 1.5
        XCTAssertEqual(d.detectCalibration, expected)
        XCTAssertNil(d.calibration)
        try "model m.bin\ndetect-calibration intercept=1,misfits=2\n".write(toFile: dir + "/defaults.txt", atomically: true, encoding: .utf8)
        XCTAssertEqual(try DefaultData.read(dir).detectCalibration?.misfits, 2)
        try "model m.bin\ndetect-calibration nope.txt\n".write(toFile: dir + "/defaults.txt", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DefaultData.read(dir)) {
            XCTAssertEqual("\($0)", "\(dir)/defaults.txt:2: detect-calibration: \(dir)/nope.txt cannot be read")
        }
    }

    /// The shipped table and calibration load, and the shipped defaults name them.
    func testShippedDetectData() throws {
        let d = try DefaultData.read(DefaultDataTests.directory)
        let table = try NeighbourTable(contentsOfFile: try XCTUnwrap(d.neighbours))
        XCTAssertGreaterThan(table.rows.count, 10_000)
        let c = try XCTUnwrap(d.detectCalibration)
        XCTAssertNotEqual(c.advantageZ, 0)
        XCTAssertTrue(c.paragraph.isInfinite)
    }
}
