import Foundation
import XCTest

/// The README's examples, taken from README.md itself so the two cannot drift.
final class ReadmeExampleTests: XCTestCase {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md").path

    /// The first fenced block after the front-page marker: `$ echo 'INPUT' | unspin ARGS`, then the output lines.
    func testFrontPageExampleRestoresAsShown() throws {
        let text = try String(contentsOfFile: Self.readme, encoding: .utf8)
        let marker = try XCTUnwrap(text.range(of: "<!-- front-page example"), "README.md lost its example marker")
        let lines = text[marker.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let open = try XCTUnwrap(lines.firstIndex(of: "```"))
        let close = try XCTUnwrap(lines[(open + 1)...].firstIndex(of: "```"))
        let command = lines[open + 1]
        let prefix = "$ echo '", separator = "' | unspin "
        XCTAssertTrue(command.hasPrefix(prefix), command)
        let rest = command.dropFirst(prefix.count)
        let split = try XCTUnwrap(rest.range(of: separator), command)
        let input = String(rest[..<split.lowerBound]) + "\n"
        let args = rest[split.upperBound...].split(separator: " ").map(String.init)
        let expected = lines[(open + 2)..<close].map { $0 + "\n" }.joined()
        XCTAssertFalse(expected.isEmpty)
        let r = try CLI.run(args, stdin: input)
        XCTAssertEqual(r, CLIResult(stdout: expected, stderr: "", status: 0))
    }

    /// The `--phrases` sentence: "`printf 'A\nB\nC\n' | unspin restore --phrases` prints `X`, `Y` and `Z`".
    func testPhrasesExamplePrintsAsShown() throws {
        // The sentence may wrap: runs of spaces and line feeds read as one space.
        let text = try String(contentsOfFile: Self.readme, encoding: .utf8)
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        let start = try XCTUnwrap(text.range(of: "`printf '"), "README.md lost its --phrases example")
        let rest = text[start.upperBound...]
        let end = try XCTUnwrap(rest.range(of: "' | unspin restore --phrases` prints `"))
        let input = rest[..<end.lowerBound].replacingOccurrences(of: "\\n", with: "\n")
        let shown = rest[end.upperBound...].prefix { $0 != "." }       // "X` and `Y`"
        let outputs = shown.split(separator: "`").enumerated().filter { $0.offset % 2 == 0 }.map { String($0.element) }
        XCTAssertEqual(outputs.count, input.split(separator: "\n").count, String(shown))
        let r = try CLI.run(["restore", "--phrases"], stdin: input)
        XCTAssertEqual(r, CLIResult(stdout: outputs.map { $0 + "\n" }.joined(), stderr: "", status: 0))
    }

    /// The detect section's example: `$ cat paper.txt`, its line, `$ unspin detect --json paper.txt`,
    /// the JSON line; the exit status as grep's (0 when flagged at 0.5, else 1).
    func testDetectExamplePrintsAsShown() throws {
        let text = try String(contentsOfFile: Self.readme, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let cat = try XCTUnwrap(lines.firstIndex(of: "$ cat paper.txt"), "README.md lost its detect example")
        XCTAssertEqual(lines[cat + 2], "$ unspin detect --json paper.txt")
        let dir = NSTemporaryDirectory() + "unspin-readme-detect-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try (lines[cat + 1] + "\n").write(toFile: dir + "/paper.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["detect", "--json", "paper.txt"], directory: dir)
        XCTAssertEqual(r.stdout, lines[cat + 3] + "\n")
        XCTAssertEqual(r.stderr, "")
        let shown = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[cat + 3].utf8)) as? [String: Any])
        let p = try XCTUnwrap(shown["spin_probability"] as? Double)
        XCTAssertEqual(r.status, p >= 0.5 ? 0 : 1)
    }
}
