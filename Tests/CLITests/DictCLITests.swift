import Foundation
import XCTest

/// `unspin dict compile` / `unspin dict lookup`, and colour in `restore --diff`.
final class DictCLITests: XCTestCase {
    let f = CLI.fixtures

    func testCompileThenLookupAndRestore() throws {
        let out = NSTemporaryDirectory() + "/unspin-cli-\(ProcessInfo.processInfo.processIdentifier).dict"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let c = try CLI.run(["dict", "compile", "-o", out, "\(f)/tiny.tsv=0.5"])
        XCTAssertEqual(c, CLIResult(stdout: "", stderr: "unspin: wrote \(out): 3 phrases, 4 candidates, 5 words from 1 tables\n", status: 0))
        let l = try CLI.run(["dict", "lookup", "-d", out, "Struggle", "a minimum of", "nothing"])
        XCTAssertEqual(l, CLIResult(stdout: """
        Struggle  (P(keep) 0.500)
          war\t0.1500\ttiny
          fight\t0.1000\ttiny
        a minimum of
          at least\t0.2500\ttiny
        nothing
          (not in the dictionary)

        """, stderr: "", status: 1))
        // The compiled file restores like its table (at half weight the change still wins here).
        let r = try CLI.run(["restore", "-d", out, "-m", "\(f)/tiny.arpa", "\(f)/spun.txt"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.hasPrefix("He said the war in Ukraine.\n"), r.stdout)
    }

    func testCompileErrors() throws {
        let r = try CLI.run(["dict", "compile", "-o", NSTemporaryDirectory() + "/unspin-never-written.dict", "\(f)/malformed.tsv"])
        XCTAssertEqual(r, CLIResult(stdout: "", stderr: "unspin: \(f)/malformed.tsv:2: expected 'spun<TAB>original[<TAB>weight]', found no tab (are the fields separated by spaces instead of a tab?)\n", status: 1))
        let bad = try CLI.run(["restore", "-d", "\(f)/tiny.arpa", "-m", "\(f)/tiny.arpa"], stdin: "x")
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.hasPrefix("unspin: \(f)/tiny.arpa:1: expected 'spun<TAB>original[<TAB>weight]', found no tab"), bad.stderr)
        let none = try CLI.run(["dict", "lookup"])
        XCTAssertEqual(none, CLIResult(stdout: "", stderr: "unspin dict lookup: give a PHRASE to look up\nRun 'unspin dict lookup --help' for usage.\n", status: 2))
    }

    func testColouredDiff() throws {
        let r = try CLI.run(["restore", "--diff", "--color", "always", "-d", "\(f)/tiny.tsv", "-m", "\(f)/tiny.arpa"],
                            stdin: "He mentioned it.")
        XCTAssertEqual(r.stdout, "He \u{1B}[9;31mmentioned\u{1B}[0m\u{1B}[32msaid\u{1B}[0m it.")
        let bad = try CLI.run(["restore", "--diff", "--color", "sometimes"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr, "unspin restore: --color expects auto, always or never, got 'sometimes'\nRun 'unspin restore --help' for usage.\n")
    }

    /// The default data is found from any working directory.
    func testDefaultDataFromAnotherDirectory() throws {
        let r = try CLI.run(["restore"], stdin: "Injuring a minimum of 23 people, he mentioned.\n", directory: "/")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("at least 23"), r.stdout)
        let missing = try CLI.run(["restore"], stdin: "x", environment: ["UNSPIN_DATA": "/nonexistent"])
        XCTAssertEqual(missing, CLIResult(stdout: "", stderr: "unspin: /nonexistent/defaults.txt: not found (UNSPIN_DATA names a folder without defaults.txt)\n", status: 1))
    }
}
