import Foundation
import XCTest

/// End-to-end tests of `unspin restore` against the built binary, with a tiny fixture
/// model and table, so every expected output can be checked by hand.
final class RestoreCLITests: XCTestCase {
    let f = CLI.fixtures
    /// The tiny fixtures alone: the decoder's defaults, or a preset's own settings.
    var tinyData: [String] { ["--dictionary", "\(f)/tiny.tsv", "--model", "\(f)/tiny.arpa"] }
    /// The tiny fixtures with the decoder settings the expected numbers were worked out with.
    var tiny: [String] { tinyData + CLI.handWorked }

    func testRestoreFile() throws {
        let r = try CLI.run(["restore"] + tiny + ["\(f)/spun.txt"])
        XCTAssertEqual(r, CLIResult(stdout: """
        He said the war in Ukraine.
        A struggle to survive.

        Injuring At least 23 people.

        """, stderr: "", status: 0))
    }

    func testRestoreStandardInput() throws {
        let r = try CLI.run(["restore"] + tiny, stdin: "HE MENTIONED\r\n\u{0}x")
        XCTAssertEqual(r, CLIResult(stdout: "HE SAID\r\n\u{0}x", stderr: "", status: 0))
        let dash = try CLI.run(["restore"] + tiny + ["-"], stdin: "he mentioned")
        XCTAssertEqual(dash.stdout, "he said")
    }

    func testDiffWithoutTerminal() throws {
        let r = try CLI.run(["restore", "--diff"] + tiny + ["\(f)/spun.txt"])
        XCTAssertEqual(r, CLIResult(stdout: """
        He [mentioned→said] the [struggle→war] in Ukraine.
        A struggle to survive.

        Injuring [A minimum of→At least] 23 people.

        """, stderr: "", status: 0))
    }

    func testJSON() throws {
        let r = try CLI.run(["restore", "--json"] + tiny, stdin: "He mentioned it.")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stderr, "")
        // Margin by hand: keep he→mentioned −2.5 + log10 .5, mentioned→it (−0.5 −6);
        // change: he→said −0.7 + log10 .4 − 0.2 (the change penalty of a text spun throughout:
        // 1 of its 3 words changed), said→it (−0.5 −6). 1.50309 rounds to 1.5031.
        // Spun log odds: the paths recombine on "it", leaving the change path without its
        // penalty (−7.59794) against the words as written without keep costs (−9.0): 1.40206,
        // a probability of 1 / (1 + 10^−1.40206) = 0.96191 (no calibration: the evidence itself).
        XCTAssertEqual(r.stdout, #"{"file":"-","text":"He said it.","spun_log_odds":1.4021,"spin_probability":0.9619,"words":3,"edits":[{"start":3,"end":12,"spun":"mentioned","replacement":"said","margin":1.5031,"table":"tiny","confidence":0.9696,"alternatives":[{"text":"said","confidence":0.9696,"table":"tiny"},{"text":"mentioned","confidence":0.0304,"table":null}]}]}"# + "\n")
    }

    func testMinConfidence() throws {
        // The edit's confidence: 1 / (1 + 10^−1.50309) = 0.96955, its margin over keeping
        // "mentioned" (the only other reading) as a softmax in log10 units.
        let kept = try CLI.run(["restore", "--min-confidence", "0.969"] + tiny, stdin: "He mentioned it.")
        XCTAssertEqual(kept, CLIResult(stdout: "He said it.", stderr: "", status: 0))
        let dropped = try CLI.run(["restore", "--min-confidence", "0.97"] + tiny, stdin: "He mentioned it.")
        XCTAssertEqual(dropped, CLIResult(stdout: "He mentioned it.", stderr: "", status: 0))
        let json = try CLI.run(["restore", "--json", "--min-confidence", "0.97"] + tiny, stdin: "He mentioned it.")
        XCTAssertEqual(json.stdout, #"{"file":"-","text":"He mentioned it.","spun_log_odds":1.4021,"spin_probability":0.9619,"words":3,"edits":[]}"# + "\n")
        let bad = try CLI.run(["restore", "--min-confidence", "2"] + tiny, stdin: "x")
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr, "unspin restore: --min-confidence expects a number from 0 to 1, got '2'\nRun 'unspin restore --help' for usage.\n")
    }

    func testDiffMarksUnsureEdits() throws {
        // "said" (channel 0.1) scores −8.4 in context, "the" and "a" (0.4) −8.598 each, keeping
        // "mentioned" −9.301: "said" is best but has 1 / (1 + 2 · 10^−0.198 + 10^−1.101) = 0.43
        // of the mass (no ambiguity check here): shown with a question mark.
        let table = FileManager.default.temporaryDirectory.appendingPathComponent("unsure-\(getpid()).tsv").path
        try "mentioned\tsaid\t0.1\nmentioned\tthe\t0.4\nmentioned\ta\t0.4\n".write(toFile: table, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: table) }
        let r = try CLI.run(["restore", "--diff", "--every-input", "--channel-weight", "1", "--ambiguity-margin", "0", "-d", table, "-m", "\(f)/tiny.arpa"], stdin: "He mentioned it.")
        XCTAssertEqual(r, CLIResult(stdout: "He [mentioned→said?] it.", stderr: "", status: 0))
    }

    func testMalformedDictionary() throws {
        let r = try CLI.run(["restore", "--dictionary", "\(f)/malformed.tsv", "--model", "\(f)/tiny.arpa"], stdin: "x")
        XCTAssertEqual(r, CLIResult(stdout: "", stderr: "unspin: \(f)/malformed.tsv:2: expected 'spun<TAB>original[<TAB>weight]', found no tab (are the fields separated by spaces instead of a tab?)\n", status: 1))
    }

    func testMissingFile() throws {
        let r = try CLI.run(["restore"] + tiny + ["no-such-file.txt"])
        XCTAssertEqual(r, CLIResult(stdout: "", stderr: "unspin: no-such-file.txt: no such file\n", status: 1))
        let d = try CLI.run(["restore", "--dictionary", "/nonexistent.tsv", "--model", "\(f)/tiny.arpa"], stdin: "x")
        XCTAssertEqual(d, CLIResult(stdout: "", stderr: "unspin: /nonexistent.tsv: no such file\n", status: 1))
    }

    func testSparselySpunInputPaysMore() throws {
        // "He mentioned it.": 1 of 3 words changed. Counted as spun throughout it keeps the
        // change; below a dense share of 0.5 it is decoded again with 5 more to pay per change.
        let dense = try CLI.run(["restore"] + tiny, stdin: "He mentioned it.")
        XCTAssertEqual(dense, CLIResult(stdout: "He said it.", stderr: "", status: 0))
        let sparse = try CLI.run(["restore", "--dense-share", "0.5", "--sparse-penalty", "5"] + tiny, stdin: "He mentioned it.")
        XCTAssertEqual(sparse, CLIResult(stdout: "He mentioned it.", stderr: "", status: 0))
    }

    func testPhraseList() throws {
        // Running text: "a minimum of" matches across the line break. A list of phrases: each
        // line on its own (no match across lines), every line taken as spun, no change penalty
        // (the margin is the running-text one, 2.3782, plus the 0.2 penalty). The list runs with
        // the phrase-list preset's own settings (channel weight 1, no ambiguity check).
        let input = "injuring a minimum\nof 23 people\nthe struggle in Ukraine\n"
        let text = try CLI.run(["restore", "--diff"] + tiny, stdin: input)
        XCTAssertEqual(text, CLIResult(stdout: "injuring [a minimum\nof→at\nleast] 23 people\nthe [struggle→war] in Ukraine\n", stderr: "", status: 0))
        let list = try CLI.run(["restore", "--phrases", "--json"] + tinyData, stdin: input)
        XCTAssertEqual(list, CLIResult(stdout: #"{"file":"-","text":"injuring a minimum\nof 23 people\nthe war in Ukraine\n","spun_log_odds":2.2771,"spin_probability":0.9947,"words":10,"edits":[{"start":36,"end":44,"spun":"struggle","replacement":"war","margin":2.5782,"table":"tiny","confidence":0.9971,"alternatives":[{"text":"war","confidence":0.9971,"table":"tiny"},{"text":"struggle","confidence":0.0026,"table":null},{"text":"fight","confidence":0.0003,"table":"tiny"}]}]}"# + "\n", stderr: "", status: 0))
    }

    func testUsageErrors() throws {
        let r = try CLI.run(["restore", "--dictionnary", "x"])
        XCTAssertEqual(r, CLIResult(stdout: "", stderr: "unspin restore: unknown option '--dictionnary'\nRun 'unspin restore --help' for usage.\n", status: 2))
        let c = try CLI.run(["frobnicate"])
        XCTAssertEqual(c, CLIResult(stdout: "", stderr: "unspin: unknown command 'frobnicate'. Run 'unspin --help' for the list.\n", status: 2))
        let m = try CLI.run(["restore", "--model"])
        XCTAssertEqual(m.status, 2)
        XCTAssertEqual(m.stderr, "unspin restore: --model needs a value (PATH)\nRun 'unspin restore --help' for usage.\n")
        let b = try CLI.run(["restore", "--beam", "0"] + tiny, stdin: "x")
        XCTAssertEqual(b, CLIResult(stdout: "", stderr: "unspin restore: --beam expects a positive number, got '0'\nRun 'unspin restore --help' for usage.\n", status: 2))
        let a = try CLI.run(["restore", "--ambiguity-margin", "-1"] + tinyData, stdin: "x")
        XCTAssertEqual(a, CLIResult(stdout: "", stderr: "unspin restore: --ambiguity-margin expects a number ≥ 0, got '-1'\nRun 'unspin restore --help' for usage.\n", status: 2))
        let sp = try CLI.run(["restore", "--sparse-penalty", "-0.5"] + tiny, stdin: "x")
        XCTAssertEqual(sp, CLIResult(stdout: "", stderr: "unspin restore: --sparse-penalty expects a number ≥ 0, got '-0.5'\nRun 'unspin restore --help' for usage.\n", status: 2))
        let ds = try CLI.run(["restore", "--dense-share", "1.5"] + tiny, stdin: "x")
        XCTAssertEqual(ds, CLIResult(stdout: "", stderr: "unspin restore: --dense-share expects a share from 0 to 1, got '1.5'\nRun 'unspin restore --help' for usage.\n", status: 2))
    }

    /// Text of a thesaurus spinner (our own paragraph, Fixtures/council.spun.txt): the defaults
    /// leave it as it is; `--any-spinner` (default data) restores it with the open candidates.
    func testAnySpinnerRestoresOtherSpinners() throws {
        let spun = try String(contentsOfFile: f + "/council.spun.txt", encoding: .utf8)
        XCTAssertEqual(try CLI.run(["restore", "council.spun.txt"], directory: f), CLIResult(stdout: spun, stderr: "", status: 0))
        let r = try CLI.run(["restore", "--any-spinner", "council.spun.txt"], directory: f)
        XCTAssertEqual(r, CLIResult(stdout: """
        The city council gathered on Tuesday to talk about the new budget. Members of the council said the design would raise taxes for most householders, but the mayor contended that the alterations were essential to maintain roads and schools. Several residents who attended the meeting asked for more time to canvass the proposal. The council concluded to hold back a last ballot until next month, when a public hearing will be held at the city hall. Local business owners said they were concerned about the price of parking, which would rise under the design.

        """, stderr: "", status: 0))
    }

    func testHelp() throws {
        let r = try CLI.run(["restore", "--help"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.hasPrefix("Restore spun text to its likely original wording.\n\nUsage: unspin restore [options] [FILE...]\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  -d, --dictionary PATH"), r.stdout)
        // The decoder defaults (1.5 and 1.5; the tests above pass 1 and 1 explicitly).
        XCTAssertTrue(r.stdout.contains("      --channel-weight X       Weight of the channel score against the language model (default 1.5).\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("      --ambiguity-margin X     Change a phrase only when its reading beats every other candidate by more than X (log10; default 1.5; 0 turns the check off).\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("      --any-spinner-odds X     With --any-spinner, restore with the open candidates the inputs whose spinner-agnostic log10 odds of being spun are above X (default 2: 99 to 1; 0 is detect's even odds).\n"), r.stdout)
        let top = try CLI.run(["--help"])
        XCTAssertEqual(top.status, 0)
        XCTAssertTrue(top.stdout.contains("\n  restore "), top.stdout)
    }
}
