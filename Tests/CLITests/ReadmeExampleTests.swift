import Foundation
import XCTest

/// The README's front-page example, taken from README.md itself so the two cannot drift.
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
}
