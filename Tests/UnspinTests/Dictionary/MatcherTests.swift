import XCTest
@testable import Unspin

final class MatcherTests: XCTestCase {
    static let table = PhraseTable(name: "t", entries: [
        PhraseEntry(spun: "mentioned", original: "said"),
        PhraseEntry(spun: "a minimum of", original: "at least"),
        PhraseEntry(spun: "a minimum", original: "a minimum"),          // identity: a keep line, never a match
        PhraseEntry(spun: "minimum", original: "least"),
        PhraseEntry(spun: "as a result of", original: "because"),
        PhraseEntry(spun: "as a result", original: "consequently"),
        PhraseEntry(spun: "put up", original: "post"),
        PhraseEntry(spun: "Air Drive", original: "Air Force"),
        PhraseEntry(spun: "don’t assume", original: "don't think"),
        PhraseEntry(spun: "Спасибо", original: "благодарю"),
    ])

    func run(_ text: String, _ kind: MatchKind = .all) -> [String] {
        var m = Matcher(dictionary: PhraseDictionary(tables: [Self.table]))
        return m.matches(in: text, kind: kind).map { "\($0.range.lowerBound):\($0.text)" }
    }

    func testTable() {
        let cases: [(String, String, MatchKind, [String])] = [
            ("single word", "He mentioned it", .all, ["3:mentioned"]),
            ("case-insensitive", "MENTIONED Mentioned", .all, ["0:MENTIONED", "10:Mentioned"]),
            ("overlaps all", "injuring a minimum of 23", .all, ["9:a minimum of", "11:minimum"]),
            ("leftmost-longest", "injuring a minimum of 23", .leftmostLongest, ["9:a minimum of"]),
            ("prefix phrases", "as a result of it", .all, ["0:as a result", "0:as a result of"]),
            ("longest prefix wins", "as a result of it", .leftmostLongest, ["0:as a result of"]),
            ("runs of spaces", "a  minimum   of", .all, ["0:a  minimum   of", "3:minimum"]),
            ("line break inside a paragraph", "a minimum\nof", .all, ["0:a minimum\nof", "2:minimum"]),
            ("CRLF inside a paragraph", "a minimum\r\nof", .all, ["0:a minimum\r\nof", "2:minimum"]),
            ("not across a blank line", "a minimum\n\nof", .all, ["2:minimum"]),
            ("not across sentence punctuation", "a minimum. Of", .all, ["2:minimum"]),
            ("not across a comma", "as a result, of", .all, ["0:as a result"]),
            ("hyphenated word is one token", "put-up put up", .all, ["7:put up"]),
            ("curly apostrophe folds", "I don't assume so", .all, ["2:don't assume"]),
            ("title case phrase", "the US Air Drive base", .all, ["7:Air Drive"]),
            ("Cyrillic folds", "СПАСИБО!", .all, ["0:СПАСИБО"]),
            ("no match", "nothing here", .all, []),
        ]
        for (name, text, kind, want) in cases {
            XCTAssertEqual(run(text, kind), want, name)
        }
    }

    /// Regressions: inputs that once went wrong or are easy to get wrong.
    func testRegressions() {
        XCTAssertEqual(run(""), [])
        XCTAssertEqual(run("a minimum of"), ["0:a minimum of", "2:minimum"], "phrase at the very end")
        XCTAssertEqual(run("«mentioned»"), ["2:mentioned"], "next to non-ASCII punctuation")
        XCTAssertEqual(run("ÿmentioned"), [], "a non-ASCII letter joins the word")
        XCTAssertEqual(run("“mentioned.” mentioned"), ["3:mentioned", "17:mentioned"], "closing quote after a sentence end")
    }

    func testLookupOrdersByChannel() {
        let t = PhraseTable(name: "x", entries: [
            PhraseEntry(spun: "struggle", original: "fight", weight: 0.1),
            PhraseEntry(spun: "struggle", original: "war", weight: 0.4),
        ])
        let d = PhraseDictionary(tables: [t])
        XCTAssertEqual(d.lookup("Struggle").map(\.original), ["war", "fight"])
        XCTAssertEqual(d.lookup("nothing").map(\.original), [])
    }
}
