import XCTest
@testable import Unspin

final class PhraseTableTests: XCTestCase {
    func parse(_ s: String) throws -> PhraseTable {
        try PhraseTable.parse(Array(s.utf8), file: "t.tsv", name: "t")
    }

    func testParsesEntriesCommentsAndWeights() throws {
        let t = try parse("# a comment\n\nmentioned\tsaid\t0.3\na minimum of\tat least\r\nsaid\tsaid\t0.8 # keep\n")
        XCTAssertEqual(t.entries, [
            PhraseEntry(spun: "mentioned", original: "said", weight: 0.3, line: 3),
            PhraseEntry(spun: "a minimum of", original: "at least", weight: nil, line: 4),
            PhraseEntry(spun: "said", original: "said", weight: 0.8, line: 5),
        ])
        XCTAssertTrue(t.entries[2].isIdentity)
    }

    /// Fields are trimmed of Unicode's space separators too (as `CharacterSet.whitespaces`),
    /// not only of ASCII spaces and tabs; other characters at a field's ends stay.
    func testTrimsUnicodeSpaceSeparators() throws {
        let t = try parse("\u{00A0}# a comment after a no-break space\n\u{3000}mentioned\u{00A0}\t said\u{2009}\t0.5\u{202F}\nécrit\tdit\n")
        XCTAssertEqual(t.entries, [
            PhraseEntry(spun: "mentioned", original: "said", weight: 0.5, line: 2),
            PhraseEntry(spun: "écrit", original: "dit", weight: nil, line: 3),
        ])
    }

    func testErrorsNameLineAndMistake() {
        let cases: [(String, String)] = [
            ("ok\tfine\nmentioned said\n", "t.tsv:2: expected 'spun<TAB>original[<TAB>weight]', found no tab (are the fields separated by spaces instead of a tab?)"),
            ("a\tb\tc\td\n", "t.tsv:1: expected 2 or 3 tab-separated fields, found 4"),
            ("\tb\n", "t.tsv:1: the spun phrase (field 1) is empty"),
            ("a\t \n", "t.tsv:1: the original phrase (field 2) is empty"),
            ("a\tb\tlots\n", "t.tsv:1: weight 'lots' is not a number"),
            ("a\tb\t12\n", "t.tsv:1: weight 12 is outside (0, 1]: it is the probability P(spun | original) (a raw count? divide by the count of the original)"),
            ("a\tb\t0\n", "t.tsv:1: weight 0 is outside (0, 1]: it is the probability P(spun | original)"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try parse(text)) { XCTAssertEqual("\($0)", message) }
        }
        XCTAssertThrowsError(try PhraseTable.parse([0x61, 0x09, 0x62, 0x0A, 0x63, 0xFF, 0x09, 0x64], file: "t.tsv", name: "t")) {
            XCTAssertEqual("\($0)", "t.tsv:2: not valid UTF-8 at byte offset 5 (the file must be UTF-8 encoded)")
        }
    }

    func testMissingFile() {
        XCTAssertThrowsError(try PhraseTable.load(path: "/nonexistent/x.tsv")) {
            XCTAssertEqual("\($0)", "/nonexistent/x.tsv: no such file")
        }
    }
}
