import XCTest
import Unspin

/// The README's library snippet, as written there (without the prints), against the default data.
final class ReadmeLibraryTests: XCTestCase {
    func testLibrarySnippetCompilesAndRestores() throws {
        let restorer = try Restorer.loadDefault()        // load once; share across threads
        let result = restorer.restore("He mentioned the struggle in Ukraine.")
        var lines: [String] = []
        for edit in result.edits {
            lines.append("\(edit.range) \(edit.spun) → \(edit.replacement) \(edit.margin)")
        }
        XCTAssertEqual(lines.count, result.edits.count)
        XCTAssertFalse(result.text.isEmpty)
    }
}
