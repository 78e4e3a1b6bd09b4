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
        let dir = NSTemporaryDirectory() + "/unspin-detect-defaults-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "# fitted\nintercept=-2,fitsZ=1.5\n".write(toFile: dir + "/cal.txt", atomically: true, encoding: .utf8)
        try "model m.bin\nneighbours n.tsv\ndetect-calibration cal.txt\n".write(toFile: dir + "/defaults.txt", atomically: true, encoding: .utf8)
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
