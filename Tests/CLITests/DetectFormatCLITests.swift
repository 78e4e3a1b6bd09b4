import Foundation
import XCTest

/// `unspin detect --jsonl / --field / --edits` and `--format`, against the built binary with the
/// tiny fixtures: stdout, stderr and exit status (0 flagged, 1 none, 2 error).
final class DetectFormatCLITests: XCTestCase {
    let f = CLI.fixtures
    var tiny: [String] { ["--dictionary", "\(f)/tiny.tsv", "--model", "\(f)/tiny.arpa"] + CLI.handWorked }
    let records = """
    {"id":1,"text":"he mentioned the struggle"}
    {"id": 2, "text": "The cat sat.", "words": 9}
    {"id":3}

    """

    func testJSONLinesAddsTheFieldsAndKeepsTheRest() throws {
        let r = try CLI.run(["detect", "--jsonl"] + tiny, stdin: records)
        XCTAssertEqual(r, CLIResult(stdout: """
        {"id":1,"text":"he mentioned the struggle","spin_probability":0.9888,"spun_log_odds":1.9469,"words":4}
        {"id": 2, "text": "The cat sat.", "words": 3, "spin_probability": 0.5000, "spun_log_odds": 0.0000}
        {"id":3}

        """, stderr: "", status: 0))
    }

    func testNoRecordFlaggedExitsOne() throws {
        let r = try CLI.run(["detect", "--format", "jsonl", "--threshold", "0.99"] + tiny, stdin: records)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.stdout.split(separator: "\n").count, 3)
    }

    func testFieldEditsAndFlaggedOnly() throws {
        let input = """
        {"body":"he mentioned the struggle","text":"x"}
        {"body":"The cat sat."}

        """
        let r = try CLI.run(["detect", "--jsonl", "--field", "body", "--edits", "--flagged-only", "--threshold", "0.9"] + tiny, stdin: input)
        XCTAssertEqual(r, CLIResult(stdout: """
        {"body":"he mentioned the struggle","text":"x","spin_probability":0.9888,"spun_log_odds":1.9469,"words":4,"suspect":2,"phrases":[\
        {"start":3,"end":12,"spun":"mentioned","original":"said","confidence":0.9696,"kind":"spin","table":"tiny"},\
        {"start":17,"end":25,"spun":"struggle","original":"war","confidence":0.7910,"kind":"spin","table":"tiny"}]}

        """, stderr: "", status: 0))
    }

    func testSameOutputOnOneAndTwoThreads() throws {
        let many = (0..<300).map { #"{"n":\#($0),"text":"he mentioned the struggle \#($0)"}"# }.joined(separator: "\n") + "\n"
        let one = try CLI.run(["detect", "--jsonl", "-j", "1"] + tiny, stdin: many)
        let two = try CLI.run(["detect", "--jsonl", "-j", "2"] + tiny, stdin: many)
        XCTAssertEqual(one.status, 0)
        XCTAssertEqual(one, two)
        XCTAssertEqual(one.stdout.split(separator: "\n").count, 300)
    }

    func testBadRecordIsNamedAndExitsTwo() throws {
        let r = try CLI.run(["detect", "--jsonl"] + tiny, stdin: "{\"text\":\"he mentioned it\"}\nnot json\n{\"text\":7}\n")
        XCTAssertEqual(r, CLIResult(stdout: """
        {"text":"he mentioned it","spin_probability":0.9619,"spun_log_odds":1.4021,"words":3}
        not json
        {"text":7}

        """, stderr: """
        unspin: <stdin>:2: not a JSON Lines record: expected a JSON object ('{') at column 1
        unspin: <stdin>:3: not a JSON Lines record: field 'text' is a number, not a string at column 9

        """, status: 2))
    }

    func testMissingJSONLinesFileExitsTwo() throws {
        let r = try CLI.run(["detect", "--jsonl"] + tiny + ["nope.jsonl"], directory: f)
        XCTAssertEqual(r, CLIResult(stdout: "", stderr: "unspin: nope.jsonl: no such file\n", status: 2))
    }

    func testHTMLTextNodesWithPageOffsets() throws {
        let dir = NSTemporaryDirectory() + "unspin-detect-html-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = "<html><body><p>he <b>mentioned</b> the struggle</p></body></html>"
        try page.write(toFile: dir + "/p.html", atomically: true, encoding: .utf8)
        try page.write(toFile: dir + "/p.txt", atomically: true, encoding: .utf8)
        let expected = CLIResult(stdout: """
        {"path":"p.html","spin_probability":0.9888,"spun_log_odds":1.9469,"words":4,"suspect":2,"phrases":[\
        {"start":21,"end":30,"spun":"mentioned","original":"said","confidence":0.9696,"kind":"spin","table":"tiny"},\
        {"start":39,"end":47,"spun":"struggle","original":"war","confidence":0.7910,"kind":"spin","table":"tiny"}]}

        """, stderr: "", status: 0)
        XCTAssertEqual(try CLI.run(["detect", "--json"] + tiny + ["p.html"], directory: dir), expected)
        let forced = try CLI.run(["detect", "--json", "--format", "html"] + tiny + ["p.txt"], directory: dir)
        XCTAssertEqual(forced.stdout, expected.stdout.replacingOccurrences(of: "p.html", with: "p.txt"))
        // As text, the markup counts as words.
        let text = try CLI.run(["detect", "--format", "text"] + tiny + ["p.html"], directory: dir)
        XCTAssertEqual(text.status, 0)
        XCTAssertNotEqual(text.stdout, "0.9888\tp.html\n")
    }

    func testWETIsRefused() throws {
        let r = try CLI.run(["detect", "--format", "wet"] + tiny, stdin: "x")
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("detect does not read WET"), r.stderr)
        let dir = NSTemporaryDirectory() + "unspin-detect-wet-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "WARC/1.0\r\n\r\n".write(toFile: dir + "/a.wet", atomically: true, encoding: .utf8)
        try "he mentioned it".write(toFile: dir + "/b.txt", atomically: true, encoding: .utf8)
        let byName = try CLI.run(["detect"] + tiny + ["a.wet", "b.txt"], directory: dir)
        XCTAssertEqual(byName, CLIResult(stdout: "0.9619\tb.txt\n",
                                         stderr: "unspin: a.wet: WET is not screened (screen the records' text, for example as JSON Lines with --jsonl)\n",
                                         status: 2))
    }

    func testUsageErrors() throws {
        for (args, message) in [(["--jsonl", "--json"], "--jsonl cannot be combined with --json"),
                                (["--jsonl", "--format", "html"], "--jsonl and --format html cannot be combined"),
                                (["--field", "body"], "--field needs --jsonl"),
                                (["--format", "pdf"], "--format expects auto, text, html or jsonl, got 'pdf'")] {
            let r = try CLI.run(["detect"] + args + tiny, stdin: "x")
            XCTAssertEqual(r.stdout, "", "\(args)")
            XCTAssertEqual(r.status, 2, "\(args)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }

    func testNeighbourEvidence() throws {
        let input = "He mentioned the struggle in Ukraine."
        let plain = try CLI.run(["detect", "--json"] + tiny, stdin: input)
        let with = try CLI.run(["detect", "--json", "--neighbours", "\(f)/tiny-neighbours.tsv"] + tiny, stdin: input)
        XCTAssertEqual(with.status, 0)
        XCTAssertEqual(with.stderr, "")
        // "said" is too common to be checked (unigram log10 P -2.5 > -3); both spun words prefer a neighbour.
        XCTAssertTrue(with.stdout.contains(#""words":6,"neighbours":{"checked":2,"fits":2,"#), with.stdout)
        // The identity calibration has no neighbour terms: the odds stay as they were.
        func odds(_ s: String) -> String? { s.split(separator: ",").first { $0.hasPrefix("\"spun_log_odds\"") }.map(String.init) }
        XCTAssertEqual(odds(with.stdout), odds(plain.stdout))
        XCTAssertFalse(plain.stdout.contains("neighbours"))
        let none = try CLI.run(["detect", "--json", "--neighbours", "none"] + tiny, stdin: input)
        XCTAssertEqual(none, plain)
        // A calibration term moves the odds by its weight times the count.
        let fits = try CLI.run(["detect", "--jsonl", "--neighbours", "\(f)/tiny-neighbours.tsv", "--calibration", "fits=1.5"] + tiny,
                               stdin: #"{"text":"He mentioned the struggle in Ukraine."}"# + "\n")
        let base = try CLI.run(["detect", "--jsonl", "--calibration", "fits=1.5"] + tiny, stdin: #"{"text":"He mentioned the struggle in Ukraine."}"# + "\n")
        func value(_ s: String) -> Double { Double(s.components(separatedBy: #""spun_log_odds":"#)[1].prefix { $0 != "," })! }
        XCTAssertEqual(value(fits.stdout) - value(base.stdout), 3, accuracy: 1e-3)
        XCTAssertTrue(fits.stdout.contains(#""neighbours":{"checked":2,"fits":2,"#), fits.stdout)
    }

    func testMissingNeighbourTableExitsTwo() throws {
        let r = try CLI.run(["detect", "--neighbours", "nope.tsv"] + tiny, stdin: "x", directory: f)
        XCTAssertEqual(r, CLIResult(stdout: "", stderr: "unspin: nope.tsv: cannot be read\n", status: 2))
    }
}
