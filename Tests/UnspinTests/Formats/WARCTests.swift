import XCTest
@testable import Unspin

/// WET files: records, rewritten lengths and digests, gzip members, malformed input.
final class WARCTests: XCTestCase {
    static func record(_ headers: [(String, String)], _ body: String) -> String {
        var h = "WARC/1.0\r\n"
        for (k, v) in headers { h += "\(k): \(v)\r\n" }
        return h + "Content-Length: \(body.utf8.count)\r\n\r\n" + body + "\r\n\r\n"
    }

    /// A WET file shaped like Common Crawl's: a warcinfo record, then conversion records.
    static let info = record([("WARC-Type", "warcinfo"), ("WARC-Date", "2026-12-01T10:00:00Z"),
                              ("WARC-Filename", "CC-MAIN-test-00000.warc.wet.gz"), ("WARC-Record-ID", "<urn:uuid:0001>"),
                              ("Content-Type", "application/warc-fields")],
                             "Software-Info: test\r\nExtracted-Date: he mentioned a minimum of nothing\r\n")
    static let bodies = [
        "Riverside Gazette\nCouncil mentioned repairs\nThe mayor mentioned that the city will spend a minimum of $40 million.\n",
        "Weather\nSunny all week, with a struggle for rain in the north.\nFr\u{E9}d\u{E9}ric mentioned it first. \u{1F327}\n",
        "Nothing to change here.\n",
    ]
    static var wet: String {
        info + bodies.enumerated().map { i, b in
            record([("WARC-Type", "conversion"), ("WARC-Target-URI", "https://example.org/\(i)"),
                    ("WARC-Date", "2026-12-01T10:00:0\(i)Z"), ("WARC-Record-ID", "<urn:uuid:100\(i)>"),
                    ("WARC-Refers-To", "<urn:uuid:200\(i)>"), ("WARC-Block-Digest", "sha1:AAAA"),
                    ("Content-Type", "text/plain")], b)
        }.joined()
    }

    func restore(_ s: [UInt8], gzip: Bool = false) throws -> ([UInt8], WARC.Summary) {
        var out: [UInt8] = []
        let summary = try s.withUnsafeBufferPointer { b throws(FormatError) in
            try WARC.restore(b, gzip: gzip, using: FakeRestorer.restore, into: &out)
        }
        return (out, summary)
    }

    func testConversionRecordsRestored() throws {
        let (out, summary) = try restore(Array(Self.wet.utf8))
        XCTAssertEqual(summary, WARC.Summary(records: 4, restored: 3, edits: 5, words: 7))
        let records = try out.withUnsafeBufferPointer { try WARC.records($0) }
        XCTAssertEqual(records.map(\.type), ["warcinfo", "conversion", "conversion", "conversion"])
        let text = String(decoding: out, as: UTF8.self)
        // The warcinfo record is copied as it was, its "mentioned" too.
        XCTAssertTrue(text.hasPrefix(Self.info))
        let want = Self.bodies.map {
            $0.replacingOccurrences(of: "mentioned", with: "said").replacingOccurrences(of: "a minimum of", with: "at least")
                .replacingOccurrences(of: "struggle", with: "war")
        }
        for (r, body) in zip(records.dropFirst(), want) {
            XCTAssertEqual(Array(out[r.body]), Array(body.utf8))
            let header = String(decoding: out[r.header], as: UTF8.self)
            XCTAssertTrue(header.contains("Content-Length: \(body.utf8.count)\r\n"), header)
            let digest = body.utf8.withContiguousStorageIfAvailable { "sha1:" + SHA1.base32(SHA1.digest($0)) }!
            XCTAssertTrue(header.contains("WARC-Block-Digest: \(digest)\r\n"), header)
            XCTAssertEqual(Array(out[r.trailer]), Array("\r\n\r\n".utf8))
        }
        // Every other header line is kept in order.
        let lines = { (s: String) in s.components(separatedBy: "\r\n").filter { !$0.hasPrefix("Content-Length") && !$0.hasPrefix("WARC-Block-Digest") && $0.contains(": ") && !$0.contains("mentioned") } }
        XCTAssertEqual(lines(text), lines(Self.wet))
    }

    func testSHA1() {
        for (input, hex) in [("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"), ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
                             (String(repeating: "a", count: 56), "c2db330f6083854c99d4b5bfb6e8f29f201be699")] {
            let d = Array(input.utf8).withUnsafeBufferPointer { SHA1.digest($0) }
            XCTAssertEqual(d.map { String(format: "%02x", $0) }.joined(), hex, input)
        }
        XCTAssertEqual(SHA1.base32(Array("foobar".utf8)), "MZXW6YTBOI======")
    }

    func testGzipRoundTrip() throws {
        let plain = Array(Self.wet.utf8)
        // One member per record, as Common Crawl writes them.
        var gz: [UInt8] = []
        let records = try plain.withUnsafeBufferPointer { try WARC.records($0) }
        for r in records {
            try plain.withUnsafeBufferPointer { p throws(FormatError) in
                try Gzip.appendMember(UnsafeBufferPointer(rebasing: p[r.header.lowerBound..<r.trailer.upperBound]), to: &gz)
            }
        }
        XCTAssertEqual(try gz.withUnsafeBufferPointer { try Gzip.decompress($0) }, plain)
        let doc = try gz.withUnsafeBufferPointer { b throws(FormatError) in
            try DocumentFormat.restoreDocument(b, as: .wet, using: FakeRestorer.restore)
        }
        XCTAssertEqual(doc.records, 4)
        let (restoredPlain, _) = try restore(plain)
        let (restoredGz, _) = try restore(plain, gzip: true)
        XCTAssertEqual(doc.restoration.bytes, restoredGz)
        XCTAssertEqual(try restoredGz.withUnsafeBufferPointer { try Gzip.decompress($0) }, restoredPlain)
        // A large, incompressible-ish body crosses the buffer sizes.
        var big: [UInt8] = []
        var x: UInt32 = 1
        for _ in 0..<300_000 { x = x &* 1_103_515_245 &+ 12345; big.append(UInt8(truncatingIfNeeded: x >> 16)) }
        var bigGz: [UInt8] = []
        try big.withUnsafeBufferPointer { b throws(FormatError) in try Gzip.appendMember(b, to: &bigGz) }
        XCTAssertEqual(try bigGz.withUnsafeBufferPointer { try Gzip.decompress($0) }, big)
        // Truncated and corrupt gzip: errors, not crashes.
        for bad in [Array(bigGz.prefix(100)), [0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02], Array(gz.prefix(20)) + [UInt8](repeating: 0x55, count: 40)] {
            XCTAssertThrowsError(try bad.withUnsafeBufferPointer { try Gzip.decompress($0) })
        }
    }

    func testMalformedWARC() {
        let cases: [(String, String)] = [
            ("not a warc", "byte 0: expected a WARC record ('WARC/' version line)"),
            ("WARC/1.0\r\nWARC-Type: conversion\r\n\r\nbody", "byte 0: the record has no Content-Length"),
            ("WARC/1.0\r\nContent-Length: 12x\r\n\r\n", "byte 10: Content-Length is not a number"),
            ("WARC/1.0\r\nContent-Length: 100\r\n\r\nshort", "byte 0: Content-Length 100 runs past the end of the input (5 bytes left)"),
            ("WARC/1.0\r\nContent-Length: 2", "byte 0: the record's header does not end (no blank line)"),
            ("WARC/1.0\r\nContent-Length: 2\r\n\r\nab\r\n\r\ngarbage", "byte 37: expected a WARC record ('WARC/' version line)"),
        ]
        for (input, message) in cases {
            XCTAssertThrowsError(try restore(Array(input.utf8)), input) { XCTAssertEqual(($0 as? FormatError)?.message, message, input) }
        }
        // LF-only line ends and an empty file are read.
        XCTAssertEqual(try restore(Array("WARC/1.0\nWARC-Type: conversion\nContent-Length: 9\n\nmentioned\n\n".utf8)).0,
                       Array("WARC/1.0\nWARC-Type: conversion\nContent-Length: 4\n\nsaid\n\n".utf8))
        XCTAssertEqual(try restore([]).1.records, 0)
    }

    func testDetect() {
        let cases: [(String, String, DocumentFormat)] = [
            ("a.html", "", .html), ("a.HTM", "", .html), ("x.wet.gz", "", .wet), ("x.warc", "", .wet), ("r.jsonl", "", .jsonl),
            ("n.txt", "<p>x</p>", .text), ("page", "  <!DOCTYPE html>", .html), ("page", "<div>", .html),
            ("f", "WARC/1.0\r\n", .wet), ("f", "\u{1F}\u{8B}", .wet), ("f", "{\"text\":\"a\"}\n{", .jsonl),
            ("f", "a < b", .text), ("f", "{ not json", .text), ("f", "", .text), ("f", "<3 you", .text),
        ]
        for (path, head, want) in cases {
            let got = Array(head.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }).withUnsafeBufferPointer {
                DocumentFormat.detect(path: path, head: $0)
            }
            XCTAssertEqual(got, want, "\(path) \(head)")
        }
    }
}
