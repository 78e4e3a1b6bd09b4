import XCTest
@testable import Unspin

final class ARPAErrorTests: XCTestCase {
    static let good = """
    \\data\\
    ngram 1=4
    ngram 2=2

    \\1-grams:
    -1.0\t<unk>
    -99\t<s>\t-0.3
    -0.5\t</s>
    -0.7\tcat\t-0.2

    \\2-grams:
    -0.2\t<s> cat
    -0.4\tcat </s>

    \\end\\

    """

    func testGoodParses() throws {
        let m = try NGramModel(arpaText: Self.good, name: "t.arpa")
        XCTAssertEqual(m.counts, [4, 2])
        XCTAssertEqual(m.sentenceScore(["cat"]), -0.6, accuracy: 1e-6)
    }

    /// Each case: a replacement applied to the good file, and the exact error message expected.
    func testErrors() {
        let cases: [(String, String, String)] = [
            ("\\data\\", "\\dta\\", "t.arpa:1 (byte 0): expected '\\data\\' but found '\\dta\\' (is this an ARPA language model?)"),
            ("ngram 2=2", "ngram 2=3", "t.arpa:14 (byte 124): the \\2-grams: section has 2 entries but \\data\\ announced 3 (truncated file, or a wrong count?)"),
            ("-0.4\tcat </s>", "-0.4\tcat", "t.arpa:13 (byte 118): expected 2 words but found 1 (is this line in the wrong section?)"),
            ("-0.7\tcat\t-0.2", "cat\t-0.7\t-0.2", "t.arpa:9 (byte 72): probability 'cat' is not a number (a word where a number belongs: is the probability column missing, or does the line have too many words for this section?)"),
            ("-0.2\t<s> cat", "-0.2\t<s> dog", "t.arpa:12 (byte 106): the word 'dog' is not among the 1-grams (every word of an n-gram needs a 1-gram)"),
            ("-0.2\t<s> cat", "0.2\t<s> cat", "t.arpa:12 (byte 97): log10 probability 0.2 is positive (probabilities are at most 1)"),
            ("\n\\end\\\n", "\n", "t.arpa:14: missing '\\end\\' at the end (truncated file?)"),
            ("-0.4\tcat </s>", "-0.4\tcat </s> x", "t.arpa:13 (byte 124): backoff 'x' is not a number (too many words for a 2-gram?)"),
            ("-0.5\t</s>", "-0.5\t<s>", "t.arpa:8 (byte 67): the word '<s>' is listed twice among the 1-grams"),
            ("ngram 2=2", "ngram 3=2", "t.arpa:3 (byte 17): 'ngram 3=' out of order: expected 'ngram 2='"),
            ("-0.2\t<s> cat", "-0.4\tcat </s>", "the 2-gram 'cat </s>' appears twice"),
        ]
        for (from, to, want) in cases {
            let text = Self.good.replacingOccurrences(of: from, with: to)
            XCTAssertNotEqual(text, Self.good, "case \(want) does not apply")
            XCTAssertThrowsError(try NGramModel(arpaText: text, name: "t.arpa"), want) { e in
                XCTAssertEqual((e as? LMError)?.description.hasSuffix(want), true,
                               "got: \(e)\nwant: \(want)")
            }
        }
    }

    /// SRILM and Sphinx write a comment before \data\; it is skipped (and the format still detected).
    func testCommentBeforeData() throws {
        let m = try NGramModel(arpaText: "This is an ARPA-format language model file\n\n" + Self.good, name: "t.arpa")
        XCTAssertEqual(m.counts, [4, 2])
        let path = NSTemporaryDirectory() + "/unspin-lm-comment-\(getpid()).arpa"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: ("# made by hand\n" + Self.good).data(using: .utf8)), "cannot write the test fixture")
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(try LMFileKind.detect(path: path), .arpa)
        XCTAssertEqual(try NGramModel.load(path: path).counts, [4, 2])
    }

    func testMissingFile() {
        XCTAssertThrowsError(try NGramModel.load(path: "/nonexistent/x.arpa")) { e in
            XCTAssertEqual("\(e)", "/nonexistent/x.arpa: cannot open: No such file or directory")
        }
    }
}
