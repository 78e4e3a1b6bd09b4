import XCTest
@testable import Unspin

/// Parsing, errors and arithmetic of the spun-or-not calibration.
final class SpinCalibrationTests: XCTestCase {
    func testParsingTable() throws {
        let cases: [(String, SpinCalibration)] = [
            ("", .identity),
            ("intercept=-1.5", SpinCalibration(intercept: -1.5, evidence: 1, words: 0, paragraph: .infinity)),
            ("evidence=0.25,words=-0.01", SpinCalibration(intercept: 0, evidence: 0.25, words: -0.01, paragraph: .infinity)),
            ("paragraph=2 intercept=3", SpinCalibration(intercept: 3, evidence: 1, words: 0, paragraph: 2)),
            ("intercept=1,evidence=2,words=3,paragraph=4", SpinCalibration(intercept: 1, evidence: 2, words: 3, paragraph: 4)),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try SpinCalibration(parsing: text), expected, text)
        }
    }

    func testParsingErrors() {
        let cases: [(String, String)] = [
            ("intercept", "expected KEY=NUMBER, found 'intercept'"),
            ("evidence=x", "expected KEY=NUMBER, found 'evidence=x'"),
            ("slope=1", "unknown key 'slope' (intercept, evidence, words, paragraph, fits, misfits, checked, advantage, fitsZ, misfitsZ, advantageZ, checkedRoot, meanAdvantage, evidenceTanh, unknownZ, meanLogProb, strongIslands, anyStrong)"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try SpinCalibration(parsing: text), text) { error in
                XCTAssertEqual((error as? CalibrationError)?.message, message)
            }
        }
    }

    func testDescriptionRoundTrips() throws {
        let c = SpinCalibration(intercept: -2.5, evidence: 0.125, words: -0.0625, paragraph: 1.5)
        XCTAssertEqual(c.description, "intercept=-2.5,evidence=0.125,words=-0.0625,paragraph=1.5")
        XCTAssertEqual(try SpinCalibration(parsing: c.description), c)
        XCTAssertEqual(try SpinCalibration(parsing: SpinCalibration.identity.description), .identity)
    }

    func testLogOddsAndProbability() {
        let c = SpinCalibration(intercept: -2, evidence: 0.5, words: -0.01, paragraph: 1)
        XCTAssertEqual(c.logOdds(evidence: 10, words: 100), 2, accuracy: 1e-6)
        XCTAssertEqual(c.paragraphLogOdds(evidence: -2, words: 50), -0.5, accuracy: 1e-6)
        XCTAssertEqual(SpinCalibration.identity.logOdds(evidence: 3.25, words: 1000), 3.25, accuracy: 1e-6)
        XCTAssertEqual(probability(logOdds: 0), 0.5, accuracy: 1e-12)
        XCTAssertEqual(probability(logOdds: 1), 10.0 / 11.0, accuracy: 1e-12)
        XCTAssertEqual(probability(logOdds: -2), 1.0 / 101.0, accuracy: 1e-12)
    }
}
