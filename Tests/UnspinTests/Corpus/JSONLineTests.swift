import XCTest
@testable import Unspin

final class CorpusJSONLineTests: XCTestCase {
    func scan(_ s: String, field: String = "text") -> Result<JSONLineLayout, JSONLineError> {
        Array(s.utf8).withUnsafeBufferPointer { p in
            Result { () throws(JSONLineError) in try JSONLine.scan(p, field: Array(field.utf8)) }
        }
    }

    func restore(_ s: String, field: String = "text", edits: Bool = false) -> (String, JSONLineOutcome) {
        var out: [UInt8] = []
        let outcome = Array(s.utf8).withUnsafeBufferPointer {
            JSONLine.restore($0, field: Array(field.utf8), includeEdits: edits, restore: FakeRestorer.restore, into: &out)
        }
        return (String(decoding: out, as: UTF8.self), outcome)
    }

    func testValidRecords() {
        let valid = [
            #"{}"#, #"  { }  "#, #"{"text":"x"}"#, "{\"a\":1}\r",
            #"{"a":[1,-2.5e+3,0.0,true,false,null,{"b":[]}],"c":{"d":"e\u00e9"}}"#,
            #"{"a": -0, "b": 1E5, "c": 12.25}"#, "{\"é\":\"ü😀\"}",
        ]
        for v in valid {
            if case .failure(let e) = scan(v) { XCTFail("\(v): \(e)") }
        }
    }

    /// The string scanner skips eight plain bytes at a time: every byte that needs attention
    /// must stop it, wherever it falls in a word.
    func testEightBytesAtATimeStopAtEveryByteThatMatters() {
        for b in 0...255 {
            let plain = b >= 0x20 && b < 0x80 && b != 0x22 && b != 0x5C
            for position in 0..<8 {
                var bytes = [UInt8](repeating: 0x61, count: 8)
                bytes[position] = UInt8(b)
                let w = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
                XCTAssertEqual(JSONString.allPlain(w), plain, "byte \(b) at \(position)")
            }
        }
        // In long strings, each special byte at each offset: the same answer as byte by byte.
        for offset in 0..<24 {
            let before = String(repeating: "x", count: offset)
            let after = String(repeating: "y", count: 20)
            let cases: [(String, String)] = [
                ("{\"a\":\"\(before)\t\(after)\"}", "control character in string at column \(7 + offset)"),
                ("{\"a\":\"\(before)\\q\(after)\"}", "malformed escape in string at column \(7 + offset)"),
                ("{\"a\":\"\(before)\(after)", "unterminated string at column \(27 + offset)"),
            ]
            for (input, want) in cases {
                switch scan(input) {
                case .success: XCTFail("accepted: \(input)")
                case .failure(let e): XCTAssertEqual(e.description, want, input)
                }
            }
            for valid in ["{\"a\":\"\(before)\\n\(after)\"}", "{\"a\":\"\(before)\"}", "{\"a\":\"\(before)é\(after)\",\"b\":1}"] {
                if case .failure(let e) = scan(valid) { XCTFail("\(valid): \(e)") }
            }
            var bytes = Array("{\"a\":\"\(before)x\(after)\"}".utf8)
            bytes[6 + offset] = 0xFF
            let r = bytes.withUnsafeBufferPointer { p in Result { () throws(JSONLineError) in try JSONLine.scan(p, field: []) } }
            guard case .failure(let e) = r else { XCTFail("accepted invalid UTF-8 at \(offset)"); continue }
            XCTAssertEqual(e.description, "invalid UTF-8 in string at column \(7 + offset)")
        }
    }

    func testInvalidRecords() {
        let cases: [(String, String)] = [
            ("", "empty record at column 1"),
            ("   ", "empty record at column 4"),
            ("[1,2]", "expected a JSON object ('{') at column 1"),
            ("{bad", "expected a key string at column 2"),
            (#"{"a" 1}"#, "expected ':' after key at column 6"),
            (#"{"a":1,}"#, "expected a key string at column 8"),
            (#"{"a":1 "b":2}"#, "expected ',' or '}' at column 8"),
            (#"{"a":01}"#, "expected ',' or '}' at column 7"),
            (#"{"a":1.}"#, "malformed number at column 8"),
            (#"{"a":-}"#, "malformed number at column 7"),
            (#"{"a":tru}"#, "expected a value at column 6"),
            (#"{"a":"x}"#, "unterminated string at column 9"),
            (#"{"a":"\q"}"#, "malformed escape in string at column 7"),
            ("{\"a\":\"\t\"}", "control character in string at column 7"),
            ("{\"a\":\"\u{FF}\"}".replacingOccurrences(of: "\u{FF}", with: "x"), ""),
            (#"{"a":[1,2}"#, "expected ',' or ']' at column 10"),
            (#"{"a":1}x"#, "unexpected text after the object at column 8"),
            (#"{"a":1}{"b":2}"#, "unexpected text after the object at column 8"),
            (#"{"a":"#, "expected a value at column 6"),
            (String(repeating: "[", count: 600).replacingOccurrences(of: "[", with: "{\"a\":", options: [], range: nil) + "1",
             "nested deeper than 512 levels at column 2566"),
        ]
        for (input, want) in cases where !want.isEmpty {
            switch scan(input) {
            case .success: XCTFail("accepted: \(input.prefix(40))")
            case .failure(let e): XCTAssertEqual(e.description, want, String(input.prefix(40)))
            }
        }
        // Invalid UTF-8 inside a string.
        var bytes = Array(#"{"a":"x"}"#.utf8)
        bytes[6] = 0xFF
        let r = bytes.withUnsafeBufferPointer { p in Result { () throws(JSONLineError) in try JSONLine.scan(p, field: []) } }
        guard case .failure(let e) = r else { return XCTFail("accepted invalid UTF-8") }
        XCTAssertEqual(e.description, "invalid UTF-8 in string at column 7")
    }

    func testLayout() throws {
        let line = #"{"id": 7, "text": "hi", "edits": null, "x": {"text": 1}}"#
        let l = try scan(line).get()
        let b = Array(line.utf8)
        XCTAssertEqual(String(decoding: b[l.fieldValue!], as: UTF8.self), #""hi""#)
        XCTAssertEqual(l.fieldKind, .string)
        XCTAssertEqual(String(decoding: b[l.editsValue!], as: UTF8.self), "null")
        XCTAssertEqual(l.memberCount, 4)
        XCTAssertTrue(l.spaced)
        XCTAssertFalse(l.asciiOnly)
        // The last of duplicate keys wins; escaped keys are compared unescaped.
        let dup = try scan(#"{"text":"a","te\u0078t":"b"}"#).get()
        XCTAssertEqual(dup.fieldValue, 24..<27)
        XCTAssertTrue(try scan(#"{"text":"caf\u00e9"}"#).get().asciiOnly)
        XCTAssertFalse(try scan(#"{"text":"café"}"#).get().asciiOnly)
        XCTAssertFalse(try scan(#"{"text":"plain"}"#).get().asciiOnly)
    }

    func testRestoreKeepsOtherBytes() {
        let cases: [(String, String, Bool, String)] = [
            // input, field, edits, output
            (#"{"id":1,"text":"He mentioned it.","n":1.50,"tags":["a" , "b"]}"#, "text", false,
             #"{"id":1,"text":"He said it.","n":1.50,"tags":["a" , "b"]}"#),
            (#"{"text":"no change","z":1e3}"#, "text", false, #"{"text":"no change","z":1e3}"#),
            (#"{"body":"the struggle","text":"mentioned"}"#, "body", false, #"{"body":"the war","text":"mentioned"}"#),
            // Escapes outside the edits are kept as written; new text follows the record's style.
            (#"{"text":"caf\u00e9 \"q\" mentioned\/x"}"#, "text", false, #"{"text":"caf\u00e9 \"q\" said\/x"}"#),
            ("{\"text\":\"naïve 😀 struggle\"}", "text", false, "{\"text\":\"naïve 😀 war\"}"),
            (#"{"text":"\ud83d\ude00 A minimum of two"}"#, "text", false, #"{"text":"\ud83d\ude00 At least two"}"#),
            // Edits: compact and spaced styles, added or replacing an existing member.
            (#"{"text":"He mentioned"}"#, "text", true,
             #"{"text":"He said","edits":[{"start":3,"end":12,"spun":"mentioned","replacement":"said","margin":1.2500,"table":"fake"}]}"#),
            (#"{"id": 1, "text": "Struggle"}"#, "text", true,
             #"{"id": 1, "text": "War", "edits": [{"start": 0, "end": 8, "spun": "Struggle", "replacement": "War", "margin": 1.2500, "table": "fake"}]}"#),
            (#"{"edits":"old","text":"clean"}"#, "text", true, #"{"edits":[],"text":"clean"}"#),
            (#"{}"#, "text", true, #"{"edits":[]}"#),
            (#"{"id":3}"#, "text", true, #"{"id":3,"edits":[]}"#),
            (#"{"text":null}"#, "text", false, #"{"text":null}"#),
            ("", "text", true, ""),
            ("  \r", "text", false, "  \r"),
        ]
        for (input, field, edits, want) in cases {
            XCTAssertEqual(restore(input, field: field, edits: edits).0, want, input)
        }
    }

    func testOutcomes() {
        XCTAssertEqual(restore(#"{"text":"a mentioned b struggle"}"#).1, .restored(edits: 2, words: 2))
        XCTAssertEqual(restore(#"{"text":"a minimum of"}"#).1, .restored(edits: 1, words: 3))
        XCTAssertEqual(restore(#"{"id":1}"#).1, .passedThrough)
        XCTAssertEqual(restore("").1, .passedThrough)
        let (out, outcome) = restore(#"{"text":5, "x":"mentioned"}"#)
        XCTAssertEqual(out, #"{"text":5, "x":"mentioned"}"#)
        XCTAssertEqual(outcome, .failed(JSONLineError(offset: 8, message: "field 'text' is a number, not a string")))
        let (bad, badOutcome) = restore(#"{"text":"mentioned""#)
        XCTAssertEqual(bad, #"{"text":"mentioned""#)
        XCTAssertEqual(badOutcome, .failed(JSONLineError(offset: 19, message: "unexpected end of line")))
    }
}
