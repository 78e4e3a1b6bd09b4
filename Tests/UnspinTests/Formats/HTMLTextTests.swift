import XCTest
@testable import Unspin

/// What `HTMLText` reads from HTML, and how `restore(html:)` writes edits back.
final class HTMLTextTests: XCTestCase {
    func text(_ html: String) -> String {
        withUTF8Bytes(of: html) { String(decoding: HTMLText(html: $0).text, as: UTF8.self) }
    }

    func restore(_ html: String, _ fake: @escaping RestoreFunction = FakeRestorer.restore) -> String {
        withUTF8Bytes(of: html) { String(decoding: Restorer.restore(html: $0, using: fake).bytes, as: UTF8.self) }
    }

    /// A fake restorer replacing each listed byte string wherever it occurs.
    static func replacing(_ table: [(String, String)]) -> RestoreFunction {
        { bytes in
            let s = String(decoding: bytes, as: UTF8.self)
            var edits: [Edit] = []
            // One pass, left to right: the first listed phrase found at each position.
            var out = ""
            var i = s.startIndex
            scan: while i < s.endIndex {
                for (spun, original) in table where s[i...].hasPrefix(spun) {
                    let inStart = s.utf8.distance(from: s.startIndex, to: i)
                    edits.append(Edit(range: inStart..<(inStart + spun.utf8.count), spun: spun, replacement: original, margin: 1, table: "t"))
                    out += original
                    i = s.index(i, offsetBy: spun.count)
                    continue scan
                }
                out.append(s[i])
                i = s.index(after: i)
            }
            return .custom(bytes: Array(out.utf8), edits: edits)
        }
    }

    func testReadsTextNodes() {
        let cases: [(String, String)] = [
            ("<p>one</p><p>two</p>", "one\n\ntwo\n\n"),
            ("<b>at</b> least", "at least"),
            ("a<br>b<br/>c", "a\n\nb\n\nc"),
            ("<ul><li>Home</li><li>News</li></ul>", "Home\n\nNews\n\n"),
            ("caf&eacute; &amp; &#8217;x&#x2019; &lt;b&gt;", "café & ’x’ <b>"),
            ("a&nbsp;b", "a\u{A0}b"),
            ("a<!-- hidden <p> -->b", "ab"),
            ("<script>var p = '</p>';</script>after", "after"),
            ("<style>p{}</style><p>x</p>", "x\n\n"),
            ("see <code>x = 1</code> and <kbd>Ctrl</kbd> here", "see  and  here"),
            ("<pre>pre <b>text</b></pre>after", "after"),
            ("<textarea>typed</textarea>after", "after"),
            ("<svg><text>label</text></svg>after", "after"),
            ("<a href=\"/x\" title=\"a > b\">link</a>", "link"),
            ("<img alt=\"picture\">caption", "caption"),
            ("<!DOCTYPE html><?xml version=\"1.0\"?>x", "x"),
            ("<title>Page</title><h1>Head</h1>", "Page\n\nHead\n\n"),
        ]
        for (html, want) in cases { XCTAssertEqual(text(html), want, html) }
    }

    func testNewsPageKeepsEveryByteButTheEdits() throws {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/news-page.html")
        let page = try String(contentsOf: url, encoding: .utf8)
        var want = page
        for (from, to) in [
            ("<title>Council mentioned bridge", "<title>Council said bridge"),
            ("<h1>Council mentioned repairs after the struggle over", "<h1>Council said repairs after the war over"),
            ("<b>mentioned</b>", "<b>said</b>"),
            ("<strong>a minimum</strong> of\n$40", "<strong>at least</strong>\n$40"),
            ("after the struggle in the council", "after the war in the council"),
            ("\"/tags/roads\">struggle</a>", "\"/tags/roads\">war</a>"),
            ("We mentioned it", "We said it"),
            ("engineers mentioned.", "engineers said."),
        ] {
            XCTAssertEqual(want.components(separatedBy: from).count, 2, from)
            want = want.replacingOccurrences(of: from, with: to)
        }
        XCTAssertEqual(restore(page), want)
        // Edits are reported at their HTML offsets, with the text read there.
        let result = withUTF8Bytes(of: page) { Restorer.restore(html: $0, using: FakeRestorer.restore) }
        XCTAssertEqual(result.edits.count, 9)
        let bytes = Array(page.utf8)
        let strong = result.edits[4]
        XCTAssertEqual(strong.spun, "a minimum of")
        XCTAssertEqual(String(decoding: bytes[strong.range], as: UTF8.self), "a minimum</strong> of")
    }

    func testParagraphsRestoredLikeThePlainText() throws {
        // The page's readable text as a plain document, by hand.
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/news-page.html")
        let page = try Data(contentsOf: url)
        let plain = """
        He mentioned the struggle in Ukraine.

        A struggle to survive.

        Injuring a minimum of 23 people.
        """
        let html = "<html><body><nav><a href=\"/\">Home</a></nav><p>He <b>mentioned</b> the <a href=\"/w\">struggle</a> in Ukraine.</p>"
            + "<div>A struggle to survive.</div><p>Injuring a <i>minimum</i> <!-- c -->of 23&nbsp;people.</p></body></html>"
        let r = Restorer(dictionary: PhraseDictionary(tables: [DecoderTests.table]), model: DecoderTests.model)
        let fromPlain = r.restore(plain).edits.map { "\($0.spun)→\($0.replacement)" }
        let fromHTML = withUTF8Bytes(of: html) { r.restore(html: $0) }
        XCTAssertEqual(fromPlain, ["mentioned→said", "struggle→war", "a minimum of→at least"])
        XCTAssertEqual(fromHTML.edits.map { "\($0.spun)→\($0.replacement)" }, fromPlain)
        // The markup inside a phrase stays, after the replacement.
        XCTAssertEqual(String(decoding: fromHTML.bytes, as: UTF8.self), html
            .replacingOccurrences(of: "<b>mentioned</b>", with: "<b>said</b>")
            .replacingOccurrences(of: ">struggle</a> in", with: ">war</a> in")
            .replacingOccurrences(of: "a <i>minimum</i> <!-- c -->of 23", with: "at least<i></i><!-- c --> 23"))
        // The real page, through the real decoder, never changes a byte of its markup.
        let real = page.withUnsafeBytes { r.restore(html: $0.bindMemory(to: UInt8.self)) }
        XCTAssertFalse(real.edits.isEmpty)
        XCTAssertEqual(try stripText(real.bytes), try stripText(Array(page)))
    }

    /// The markup of a page with its text nodes removed.
    func stripText(_ html: [UInt8]) throws -> [UInt8] {
        let t = html.withUnsafeBufferPointer { HTMLText(html: $0) }
        var copied = Set<Int>()
        for s in t.source where s >= 0 { copied.insert(s) }
        return html.indices.filter { !copied.contains($0) }.map { html[$0] }
    }

    /// Malformed or unusual markup: never a crash, never a lost byte (restoring nothing gives
    /// the input back), and edits only in text.
    func testMalformedMarkup() {
        let cases: [(String, String)] = [
            ("", ""), ("<", "<"), ("&", "&"), ("<!", "<!"), ("</", "</"), ("<!--", "<!--"),
            ("a < b mentioned", "a < b said"),
            ("<p unterminated mentioned", "<p unterminated mentioned"),
            ("<!-- open mentioned", "<!-- open mentioned"),
            ("<a href='never closed mentioned>x", "<a href='never closed mentioned>x"),
            ("<script>mentioned", "<script>mentioned"),
            ("<SCRIPT>mentioned</ScRiPt> mentioned", "<SCRIPT>mentioned</ScRiPt> said"),
            ("<style>mentioned</stylex> mentioned</style>mentioned", "<style>mentioned</stylex> mentioned</style>said"),
            ("</> mentioned", "</> said"), ("<> mentioned", "<> said"),
            ("<a href='>mentioned'>mentioned</a>", "<a href='>mentioned'>said</a>"),
            ("<?php echo 1 ?> mentioned", "<?php echo 1 ?> said"),
            ("mentioned &amp", "said &amp"), ("mentioned&", "said&"),
            ("&#xZZ; mentioned", "&#xZZ; said"), ("&#0; mentioned", "&#0; said"),
            ("&#99999999; mentioned", "&#99999999; said"), ("&unknown; mentioned", "&unknown; said"),
            ("&mentioned; mentioned", "&mentioned; said"),   // an unknown reference is never edited
            ("caf&eacute; mentioned", "caf&eacute; said"),
            ("a&nbsp;minimum of", "a&nbsp;minimum of"),     // an edit over a reference is not made
            ("men<b></b>tioned", "said<b></b>"),
            ("<p>a minimum</p> of", "<p>a minimum</p> of"),  // a block element ends the phrase
            ("<code>mentioned</code> mentioned", "<code>mentioned</code> said"),
            ("<code>mentioned", "<code>mentioned"),
            ("</code>mentioned", "</code>said"),
            ("<pre/>mentioned", "<pre/>said"),
            ("<plaintext>mentioned <p>mentioned", "<plaintext>mentioned <p>mentioned"),
            ("\u{FEFF}<p>mentioned</p>", "\u{FEFF}<p>said</p>"),
        ]
        for (html, want) in cases {
            XCTAssertEqual(restore(html), want, html)
            XCTAssertEqual(restore(html) { .custom(bytes: Array($0), edits: []) }, html, html)
        }
        // Invalid UTF-8 and random markup soup: bytes kept.
        let soup: [[UInt8]] = [[0xFF, 0x3C, 0x70, 0x3E, 0xC3], Array("<p><<>>&&;;&#;&#x;<!-->-->".utf8), [0x26, 0x23, 0x78]]
        var generator = SystemRandomNumberGenerator()
        let pieces = ["<", ">", "&", ";", "#", "x", "p", "/", "!", "-", "'", "\"", " ", "mentioned", "script", "amp", "\n"]
        var random: [[UInt8]] = soup
        for _ in 0..<300 { random.append(Array((0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)) }
        for bytes in random {
            let same = bytes.withUnsafeBufferPointer { Restorer.restore(html: $0) { .custom(bytes: Array($0), edits: []) } }
            XCTAssertEqual(same.bytes, bytes)
            _ = bytes.withUnsafeBufferPointer { Restorer.restore(html: $0, using: FakeRestorer.restore) }
        }
    }

    func testReplacementsAreEscaped() {
        let fake = Self.replacing([("R and D", "R&D"), ("arrow", "->"), ("tag", "<tag>")])
        XCTAssertEqual(restore("<p>R and D</p> arrow tag", fake), "<p>R&amp;D</p> -&gt; &lt;tag&gt;")
    }
}
