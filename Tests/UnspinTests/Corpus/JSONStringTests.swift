import XCTest
@testable import Unspin

final class CorpusJSONStringTests: XCTestCase {
    func unescape(_ s: String) -> (String, Int?) {
        var out: [UInt8] = []
        let bad = Array(s.utf8).withUnsafeBufferPointer { JSONString.unescape($0, into: &out) }
        return (String(decoding: out, as: UTF8.self), bad)
    }

    func escape(_ s: String, ascii: Bool = false) -> String {
        var out: [UInt8] = []
        Array(s.utf8).withUnsafeBufferPointer { JSONString.escape($0, asciiOnly: ascii, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    func testUnescape() {
        let cases: [(String, String, Int?)] = [
            ("plain", "plain", nil),
            (#"a\"b\\c\/d"#, "a\"b\\c/d", nil),
            (#"\b\f\n\r\t"#, "\u{8}\u{C}\n\r\t", nil),
            (#"caf\u00e9 \u00C9"#, "café É", nil),
            (#"\u20AC5"#, "€5", nil),
            (#"\ud83d\ude00!"#, "😀!", nil),
            (#"\uD83D\uDE00"#, "😀", nil),
            (#"x\ud83dy"#, "x\u{FFFD}y", nil),          // lone high surrogate
            (#"\ude00"#, "\u{FFFD}", nil),               // lone low surrogate
            (#"\ud83d\u0041"#, "\u{FFFD}A", nil),        // high surrogate then a non-surrogate
            ("héllo", "héllo", nil),
            (#"ab\x"#, "ab", 2),
            (#"\u12"#, "", 0),
            (#"\u12G4"#, "", 0),
            ("end\\", "end", 3),
        ]
        for (input, want, bad) in cases {
            let (got, offset) = unescape(input)
            XCTAssertEqual(offset, bad, input)
            if bad == nil { XCTAssertEqual(got, want, input) }
        }
    }

    func testEscape() {
        let cases: [(String, Bool, String)] = [
            ("plain", false, "plain"),
            ("a\"b\\c/d", false, #"a\"b\\c/d"#),
            ("\u{8}\u{C}\n\r\t\u{1}\u{1F}", false, #"\b\f\n\r\t\u0001\u001f"#),
            ("café 😀", false, "café 😀"),
            ("café 😀", true, #"caf\u00e9 \ud83d\ude00"#),
            ("€", true, #"\u20ac"#),
            ("\u{7F}", false, "\u{7F}"),
        ]
        for (input, ascii, want) in cases {
            XCTAssertEqual(escape(input, ascii: ascii), want, input)
        }
        XCTAssertEqual(String(decoding: JSONString.quoted("say \"hi\""), as: UTF8.self), #""say \"hi\"""#)
    }

    func testInvalidUTF8IsKeptOrReplaced() {
        var out: [UInt8] = []
        [0x61, 0xFF, 0x62].withUnsafeBufferPointer { JSONString.escape($0, into: &out) }
        XCTAssertEqual(out, [0x61, 0xFF, 0x62])
        out = []
        [0x61, 0xFF, 0x62].withUnsafeBufferPointer { JSONString.escape($0, asciiOnly: true, into: &out) }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), #"a\ufffdb"#)
    }

    func testRoundTrip() {
        var g = SeededGenerator(state: 7)
        let alphabet: [String] = ["a", " ", "\"", "\\", "\n", "\u{1}", "é", "€", "😀", "/", "\u{2028}"]
        for _ in 0..<200 {
            var s = ""
            for _ in 0..<Int.random(in: 0..<30, using: &g) { s += alphabet.randomElement(using: &g)! }
            for ascii in [false, true] {
                let (back, bad) = unescape(escape(s, ascii: ascii))
                XCTAssertNil(bad)
                XCTAssertEqual(back, s)
            }
        }
    }
}
