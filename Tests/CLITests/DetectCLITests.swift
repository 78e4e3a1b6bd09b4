import Foundation
import XCTest

/// End-to-end tests of `unspin detect` against the built binary with the tiny fixtures.
final class DetectCLITests: XCTestCase {
    let f = CLI.fixtures
    var tiny: [String] { ["--dictionary", "\(f)/tiny.tsv", "--model", "\(f)/tiny.arpa"] + CLI.handWorked }

    func testDefaultOutputAndFlagged() throws {
        let r = try CLI.run(["detect"] + tiny + ["spun.txt"], directory: f)
        XCTAssertEqual(r, CLIResult(stdout: "1.0000\tspun.txt\n", stderr: "", status: 0))
    }

    func testNoneFlaggedExitsOne() throws {
        // No evidence either way: log odds 0, probability 0.5, below a 0.6 threshold.
        let r = try CLI.run(["detect", "--threshold", "0.6"] + tiny, stdin: "The cat sat.")
        XCTAssertEqual(r, CLIResult(stdout: "0.5000\t-\n", stderr: "", status: 1))
        let at = try CLI.run(["detect", "--threshold", "0.5"] + tiny + ["-"], stdin: "The cat sat.")
        XCTAssertEqual(at.status, 0, "at the threshold counts as flagged")
    }

    func testFlaggedOnly() throws {
        let r = try CLI.run(["detect", "--flagged-only", "--threshold", "0.97"] + tiny + ["spun.txt", "-"], stdin: "he mentioned it", directory: f)
        XCTAssertEqual(r, CLIResult(stdout: "1.0000\tspun.txt\n", stderr: "", status: 0))
    }

    func testJSONGolden() throws {
        let r = try CLI.run(["detect", "--json"] + tiny + ["spun.txt"], directory: f)
        XCTAssertEqual(r, CLIResult(stdout: """
        {"path":"spun.txt","spin_probability":1.0000,"spun_log_odds":7.2771,"words":16,"suspect":3,"phrases":[\
        {"start":3,"end":12,"spun":"mentioned","original":"said","confidence":0.9696,"kind":"spin","table":"tiny"},\
        {"start":17,"end":25,"spun":"struggle","original":"war","confidence":0.9958,"kind":"spin","table":"tiny"},\
        {"start":71,"end":83,"spun":"A minimum of","original":"At least","confidence":0.9998,"kind":"spin","table":"tiny"}]}

        """, stderr: "", status: 0))
    }

    /// `--any-spinner`: text of another spinner (a thesaurus spinner's choices, none of them in
    /// the tables; our own text, Fixtures/council.spun.txt) is explained by the open candidates;
    /// the probability is the same as without (default data).
    func testAnySpinnerExplainsOtherSpinners() throws {
        let r = try CLI.run(["detect", "--json", "--any-spinner", "council.spun.txt"], directory: f)
        XCTAssertEqual(r, CLIResult(stdout: """
        {"path":"council.spun.txt","spin_probability":0.9995,"spun_log_odds":3.3102,"words":97,"neighbours":{"checked":45,"fits":13,"misfits":6,"advantage":35.6419,"unknown":0,"tokens":110,"log_prob":-280.1874,"strong_islands":0},"suspect":10,"phrases":[\
        {"start":4,"end":16,"spun":"urban center","original":"city","confidence":1.0000,"kind":"spin","table":"open-thesaurus"},\
        {"start":63,"end":68,"spun":"fresh","original":"new","confidence":1.0000,"kind":"spin","table":"open-thesaurus"},\
        {"start":122,"end":129,"spun":"elevate","original":"raise","confidence":0.9988,"kind":"spin","table":"open-thesaurus"},\
        {"start":222,"end":229,"spun":"keep up","original":"maintain","confidence":0.9988,"kind":"spin","table":"open-thesaurus"},\
        {"start":257,"end":266,"spun":"occupants","original":"residents","confidence":1.0000,"kind":"spin","table":"open-thesaurus"},\
        {"start":284,"end":296,"spun":"get together","original":"meeting","confidence":1.0000,"kind":"spin","table":"open-thesaurus"},\
        {"start":312,"end":316,"spun":"clip","original":"time","confidence":1.0000,"kind":"spin","table":"open-thesaurus"},\
        {"start":451,"end":461,"spun":"metropolis","original":"city","confidence":1.0000,"kind":"spin","table":"open-thesaurus"},\
        {"start":483,"end":494,"spun":"proprietors","original":"owners","confidence":0.9999,"kind":"spin","table":"open-thesaurus"},\
        {"start":510,"end":520,"spun":"implicated","original":"concerned","confidence":0.9999,"kind":"spin","table":"open-thesaurus"}]}

        """, stderr: "", status: 0))
        let plain = try CLI.run(["detect", "council.spun.txt"], directory: f)
        XCTAssertEqual(plain, CLIResult(stdout: "0.9995\tcouncil.spun.txt\n", stderr: "", status: 0))
        let none = try CLI.run(["detect", "--any-spinner", "--neighbours", "none", "council.spun.txt"], directory: f)
        XCTAssertEqual(none, CLIResult(stdout: "", stderr: "unspin detect: --any-spinner needs the neighbour evidence: give --neighbours TABLE (the default data's is used only with the default model)\nRun 'unspin detect --help' for usage.\n", status: 2))
    }

    func testBadFileContinuesAndExitsTwo() throws {
        let r = try CLI.run(["detect"] + tiny + ["nope.txt", "spun.txt"], directory: f)
        XCTAssertEqual(r, CLIResult(stdout: "1.0000\tspun.txt\n", stderr: "unspin: nope.txt: No such file or directory\n", status: 2))
    }

    func testDirectoryIsWalkedInOrder() throws {
        let dir = NSTemporaryDirectory() + "unspin-detect-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "he mentioned the struggle".write(toFile: dir + "/b.txt", atomically: true, encoding: .utf8)
        try "The cat sat.".write(toFile: dir + "/sub/a.txt", atomically: true, encoding: .utf8)
        let d = try CLI.run(["detect", "--threshold", "0.9"] + tiny + [dir], directory: f)
        XCTAssertEqual(d.stdout, "0.9888\t\(dir)/b.txt\n0.5000\t\(dir)/sub/a.txt\n")
        XCTAssertEqual(d.status, 0)
    }

    func testInvalidUTF8Offsets() throws {
        let dir = NSTemporaryDirectory() + "unspin-detect-u-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data([0xFF, 0x20] + Array("he mentioned it".utf8)).write(to: URL(fileURLWithPath: dir + "/bad.txt"))
        let r = try CLI.run(["detect", "--json"] + tiny + ["bad.txt"], directory: dir)
        XCTAssertEqual(r, CLIResult(stdout: """
        {"path":"bad.txt","spin_probability":0.9619,"spun_log_odds":1.4021,"words":3,"suspect":1,"phrases":[\
        {"start":5,"end":14,"spun":"mentioned","original":"said","confidence":0.9696,"kind":"spin","table":"tiny"}]}

        """, stderr: "", status: 0))
    }

    func testBadThresholdIsAUsageError() throws {
        let r = try CLI.run(["detect", "--threshold", "2"] + tiny, stdin: "x")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--threshold"), r.stderr)
    }
}
