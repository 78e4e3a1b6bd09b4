import Foundation
import XCTest
import Unspin

/// `restore --format` and `batch --format` against the built binary (HTML, WET, gzip WET),
/// with the tiny fixture model and table.
final class FormatCLITests: XCTestCase {
    let f = CLI.fixtures
    var tiny: [String] { ["--dictionary", "\(f)/tiny.tsv", "--model", "\(f)/tiny.arpa", "--every-input"] + CLI.handWorked }
    var root = ""

    override func setUpWithError() throws {
        var template = Array((NSTemporaryDirectory() + "/unspin-format-cli-XXXXXX").utf8CString)
        root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func write(_ rel: String, _ bytes: [UInt8]) {
        let path = root + "/" + rel
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    }

    func read(_ rel: String) -> [UInt8]? { FileManager.default.contents(atPath: root + "/" + rel).map { [UInt8]($0) } }

    static let page = """
    <html><head><title>He mentioned it</title><script>var x = "he mentioned the struggle";</script></head>
    <body><nav><a href="/">Home</a></nav><p>He <b>mentioned</b> the <a href="/w" title="the struggle">struggle</a> in Ukraine.</p>
    <p>Injuring <em>a minimum</em> of 23 people &amp; more.</p><!-- the struggle --></body></html>
    """
    static let restoredPage = page
        .replacingOccurrences(of: "<title>He mentioned it", with: "<title>He said it")
        .replacingOccurrences(of: "<b>mentioned</b>", with: "<b>said</b>")
        .replacingOccurrences(of: ">struggle</a>", with: ">war</a>")
        .replacingOccurrences(of: "<em>a minimum</em> of", with: "<em>at least</em>")

    func testHTMLByNameAndByFormat() throws {
        write("page.html", Array(Self.page.utf8))
        let named = try CLI.run(["restore"] + tiny + ["page.html"], directory: root)
        XCTAssertEqual(named, CLIResult(stdout: Self.restoredPage, stderr: "", status: 0))
        let piped = try CLI.run(["restore", "--format", "html"] + tiny, stdin: Self.page)
        XCTAssertEqual(piped, named)
        // As plain text, the markup would be read as words: a different result.
        let plain = try CLI.run(["restore", "--format", "text"] + tiny + ["page.html"], directory: root)
        XCTAssertNotEqual(plain.stdout, Self.restoredPage)
        let json = try CLI.run(["restore", "--json"] + tiny + ["page.html"], directory: root)
        XCTAssertTrue(json.stdout.hasPrefix(#"{"file":"page.html","format":"html","text":"#), json.stdout)
        XCTAssertTrue(json.stdout.contains(#""spun":"a minimum of","replacement":"at least""#), json.stdout)
    }

    func wet(_ bodies: [String]) -> [UInt8] {
        var s = "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 6\r\n\r\nx: y\r\n\r\n\r\n"
        for (i, b) in bodies.enumerated() {
            s += "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://example.org/\(i)\r\nContent-Length: \(b.utf8.count)\r\n\r\n\(b)\r\n\r\n"
        }
        return Array(s.utf8)
    }

    func gzipRecords(_ plain: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        let records = try plain.withUnsafeBufferPointer { try WARC.records($0) }
        for r in records {
            try plain.withUnsafeBufferPointer { p throws(FormatError) in
                try Gzip.appendMember(UnsafeBufferPointer(rebasing: p[r.header.lowerBound..<r.trailer.upperBound]), to: &out)
            }
        }
        return out
    }

    func testWETAndGzipWET() throws {
        let input = wet(["He mentioned the struggle in Ukraine.\n", "Injuring a minimum of 23 people.\n"])
        let want = wet(["He said the war in Ukraine.\n", "Injuring at least 23 people.\n"])
        write("a.wet", input)
        let r = try CLI.run(["restore"] + tiny + ["a.wet"], directory: root)
        XCTAssertEqual(r, CLIResult(stdout: String(decoding: want, as: UTF8.self), stderr: "", status: 0))
        write("in/b.wet.gz", try gzipRecords(input))
        write("in/c.html", Array(Self.page.utf8))
        write("in/d.wet.gz", Array(try gzipRecords(input).prefix(70)))
        let batch = try CLI.run(["batch"] + tiny + ["in", "--out", "out", "--quiet"], directory: root)
        XCTAssertEqual(batch.status, 1)
        XCTAssertEqual(batch.stderr, "unspin: in/d.wet.gz: gzip data ends before its member does (truncated?) at byte 70\n")
        let out = try XCTUnwrap(read("out/b.wet.gz"))
        XCTAssertEqual(out, try gzipRecords(want))
        XCTAssertEqual(try out.withUnsafeBufferPointer { try Gzip.decompress($0) }, want)
        XCTAssertEqual(read("out/c.html"), Array(Self.restoredPage.utf8))
        XCTAssertNil(read("out/d.wet.gz"))
    }

    func testFormatErrors() throws {
        write("a.wet", wet(["x\n"]))
        write("bad.wet", Array("WARC/1.0\r\nContent-Length: 99\r\n\r\nshort".utf8))
        let cases: [([String], String, Int32)] = [
            (["--format", "pdf"], "unspin restore: --format expects auto, text, html, wet or jsonl, got 'pdf'\nRun 'unspin restore --help' for usage.\n", 2),
            (["--jsonl", "--format", "html"], "unspin restore: --jsonl and --format html cannot be combined\nRun 'unspin restore --help' for usage.\n", 2),
            (["--json", "a.wet"], "unspin restore: a.wet: --json and --diff are not available for WET input\nRun 'unspin restore --help' for usage.\n", 2),
            (["bad.wet"], "unspin: bad.wet: byte 0: Content-Length 99 runs past the end of the input (5 bytes left)\n", 1),
        ]
        for (args, stderr, status) in cases {
            let r = try CLI.run(["restore"] + tiny + args, directory: root)
            XCTAssertEqual(r.stderr, stderr, "\(args)")
            XCTAssertEqual(r.status, status, "\(args)")
        }
    }
}
