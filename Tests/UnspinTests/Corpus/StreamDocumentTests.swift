import XCTest
@testable import Unspin

/// Streaming plain restore, document by document: restoring A, a blank line, then B gives
/// restore(A), the blank line, restore(B), wherever B sits in the stream, however the input
/// arrives in reads, and on any number of threads; a document longer than the chunk size is cut
/// at line breaks at fixed sizes counted from its own start.
final class StreamDocumentTests: XCTestCase {
    /// A restorer that brackets each input it is given, so the output shows every cut.
    static let marking: RestoreFunction = { bytes in
        let r = FakeRestorer.restore(bytes)
        return Restoration(bytes: [0x7B] + r.bytes + [0x7D], edits: r.edits)
    }

    /// `bytes` restored through `StreamRestore` (document mode) from a pipe fed in writes of
    /// 1...`maxWrite` bytes (so reads come back in varied sizes).
    func stream(_ bytes: [UInt8], chunk: Int, jobs: Int, maxWrite: Int, seed: UInt64,
                restore: @escaping RestoreFunction = marking) throws -> [UInt8] {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let writer = fds[1]
        let t = Thread {
            var g = SeededGenerator(state: seed)
            var at = 0
            bytes.withUnsafeBufferPointer { all in
                while at < all.count {
                    let n = min(all.count - at, Int.random(in: 1...maxWrite, using: &g))
                    try? FileSystem.writeAll(writer, UnsafeBufferPointer(rebasing: all[at..<at + n]))
                    at += n
                }
            }
            close(writer)
        }
        t.start()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("unspin-docs-\(getpid())-\(seed).out").path
        let out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { unlink(path) }
        let s = StreamRestore.run(input: fds[0], output: out, format: .documents, jobs: jobs, chunkSize: chunk,
                                  restore: restore, report: { XCTFail($0) })
        close(fds[0]); close(out)
        XCTAssertEqual(s.failed, 0)
        return [UInt8](FileManager.default.contents(atPath: path) ?? Data())
    }

    /// The rule, written plainly: the stream is split into documents (runs of non-blank lines)
    /// and blank lines; a document longer than `chunk` is cut, from its start, after the last
    /// line feed within `chunk` bytes, else after the last space or tab, else at a scalar
    /// boundary; each piece is restored on its own and blank lines are copied.
    static func reference(_ bytes: [UInt8], chunk: Int, restore: RestoreFunction = marking) -> [UInt8] {
        var out: [UInt8] = []
        func restoreDocument(_ doc: ArraySlice<UInt8>) {
            var s = doc.startIndex
            while doc.endIndex - s > chunk {
                let w = Array(doc[s..<s + chunk])
                var c: Int
                if let lf = w.lastIndex(of: 0x0A) {
                    c = lf + 1
                } else if let sp = w.lastIndex(where: { $0 == 0x20 || $0 == 0x09 }) {
                    c = sp + 1
                } else {
                    c = chunk
                    var i = chunk - 1
                    while i > 0 && chunk - i < 4 && w[i] & 0xC0 == 0x80 { i -= 1 }
                    let lead = w[i]
                    let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                    if i + length > chunk && i > 0 { c = i }
                }
                out += Array(doc[s..<s + c]).withUnsafeBufferPointer { restore($0) }.bytes
                s += c
            }
            if s < doc.endIndex { out += Array(doc[s...]).withUnsafeBufferPointer { restore($0) }.bytes }
        }
        var docStart = 0
        var lineStart = 0
        while lineStart < bytes.count {
            let end = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            let blank = bytes[lineStart..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            let next = min(end + 1, bytes.count)
            if blank && end < bytes.count {
                restoreDocument(bytes[docStart..<lineStart])
                out += bytes[lineStart..<next]
                docStart = next
            }
            lineStart = next
        }
        restoreDocument(bytes[docStart...])
        return out
    }

    static let words = ["he", "mentioned", "the", "struggle", "in", "Ukraine.", "a", "minimum", "of", "23",
                        "people", "said", "é", "naïve", "日本", "😀", "x"]

    /// A document: `lines` non-blank lines (CRLF or LF endings), sometimes a line or a word longer
    /// than any chunk, ending with a line break unless `last`.
    static func document(lines: Int, crlf: Bool, long: Bool, last: Bool, using g: inout SeededGenerator) -> String {
        var doc = ""
        for i in 0..<lines {
            var line = Int.random(in: 0..<5, using: &g) == 0 ? " " : ""
            let count = long && i == lines / 2 ? 60 : Int.random(in: 1...9, using: &g)
            for k in 0..<count {
                if k > 0 { line += Int.random(in: 0..<6, using: &g) == 0 ? "\t" : " " }
                line += words.randomElement(using: &g)!
            }
            if long && i == 1 { line += " " + String(repeating: "aé日😀", count: 20) }   // no space for 200 bytes
            if Int.random(in: 0..<6, using: &g) == 0 { line += "  " }                      // trailing spaces
            doc += line
            if !(last && i == lines - 1) { doc += crlf ? "\r\n" : "\n" }
        }
        return doc
    }

    static let separators = ["\n", "\r\n", " \t\n", "\n\n\n", "  \r\n\n", "\n \n"]

    /// Random streams of short and long documents at varied offsets.
    func testLongDocumentsAnywhereInTheStream() throws {
        var g = SeededGenerator(state: 17)
        for trial in 0..<60 {
            let chunk = [16, 23, 40, 64, 101][trial % 5]
            var docs: [String] = []
            var seps: [String] = []
            let count = Int.random(in: 2...7, using: &g)
            for d in 0..<count {
                let long = Int.random(in: 0..<2, using: &g) == 0
                let last = d == count - 1 && trial % 3 == 0     // a stream not ending in a line break
                docs.append(Self.document(lines: long ? Int.random(in: 4...14, using: &g) : Int.random(in: 1...3, using: &g),
                                          crlf: trial % 4 == 1, long: long && trial % 2 == 0, last: last, using: &g))
                if d < count - 1 { seps.append(Self.separators.randomElement(using: &g)!) }
            }
            var whole = docs[0]
            for (s, d) in zip(seps, docs.dropFirst()) { whole += s + d }
            let bytes = Array(whole.utf8)
            let want = Self.reference(bytes, chunk: chunk)
            var alone = try stream(Array(docs[0].utf8), chunk: chunk, jobs: 1, maxWrite: 7, seed: UInt64(trial))
            for (s, d) in zip(seps, docs.dropFirst()) {
                alone += Array(s.utf8) + (try stream(Array(d.utf8), chunk: chunk, jobs: 1, maxWrite: 7, seed: UInt64(trial)))
            }
            XCTAssertEqual(String(decoding: alone, as: UTF8.self), String(decoding: want, as: UTF8.self),
                           "trial \(trial): documents alone, chunk \(chunk)")
            for (jobs, maxWrite) in [(1, 1), (1, 5), (2, 13), (2, 4096), (1, 4096)] {
                let got = try stream(bytes, chunk: chunk, jobs: jobs, maxWrite: maxWrite, seed: UInt64(trial * 31 + maxWrite))
                XCTAssertEqual(String(decoding: got, as: UTF8.self), String(decoding: want, as: UTF8.self),
                               "trial \(trial): chunk \(chunk), -j \(jobs), writes of 1...\(maxWrite)")
                if got != want { return }
            }
        }
    }

    /// A long document after a run of blank lines that straddles a chunk boundary is cut at the
    /// same places as when it stands alone.
    func testBlankLinesAcrossAChunkBoundary() throws {
        // Line feeds at 20 and 39: a window shifted by even one byte cuts elsewhere.
        let b = Array(("mentioned xxxxxxxxxx\nmentioned xxxxxxxx\n"
                       + (0..<12).map { "mentioned " + String(repeating: "x", count: ($0 * 7) % 19) + "\n" }.joined()).utf8)
        let wantB = try stream(b, chunk: 40, jobs: 1, maxWrite: 4096, seed: 1)
        XCTAssertEqual(wantB, Self.reference(b, chunk: 40))
        for lead in 0..<45 {
            for sep in ["\n\n\n\n", "\n" + String(repeating: " ", count: 30) + "\n"] {
                let a = Array(String(repeating: "x", count: lead).utf8) + [0x0A]
                let got = try stream(a + Array(sep.utf8) + b, chunk: 40, jobs: 2, maxWrite: 4096, seed: UInt64(lead))
                let want = (try stream(a, chunk: 40, jobs: 1, maxWrite: 4096, seed: 0)) + Array(sep.utf8) + wantB
                XCTAssertEqual(String(decoding: got, as: UTF8.self), String(decoding: want, as: UTF8.self),
                               "lead \(lead), separator \(sep.debugDescription)")
            }
        }
    }

    func testDocumentCut() {
        func cut(_ s: String, _ limit: Int, _ atLineStart: Bool) -> Int {
            Array(s.utf8).withUnsafeBufferPointer { ChunkCutter.documentCut($0, limit: limit, atLineStart: atLineStart) }
        }
        XCTAssertEqual(cut("\nabc\ndef", 8, true), 1)       // a blank first line, at a line start
        XCTAssertEqual(cut("\nabc\ndef", 8, false), 5)      // the end of a line cut before
        XCTAssertEqual(cut(" \t\nabc\ndef", 8, true), 3)
        XCTAssertEqual(cut("ab\n\ncd\n\nef", 6, true), 4)  // only the first `limit` bytes count
        XCTAssertEqual(cut("ab cd\nef", 4, true), 3)
        XCTAssertEqual(cut("abcdefgh", 4, true), 4)
    }

    /// A document of exactly the chunk size at the end of the stream, without a final line
    /// break, is one piece; one byte more is cut.
    func testDocumentOfExactlyTheChunkSize() throws {
        let doc = Array("he said\nmentioned x".utf8)      // 19 bytes
        XCTAssertEqual(try stream(doc, chunk: 19, jobs: 1, maxWrite: 4096, seed: 2), Array("{he said\nsaid x}".utf8))
        XCTAssertEqual(try stream(Array("a\n\n".utf8) + doc, chunk: 19, jobs: 1, maxWrite: 3, seed: 3),
                       Array("{a\n}\n{he said\nsaid x}".utf8))
        XCTAssertEqual(try stream(doc + [0x78], chunk: 19, jobs: 1, maxWrite: 4096, seed: 4),
                       Array("{he said\n}{said xx}".utf8))
    }

    /// The same with the real decoder (a small model): pieces are decided on their own.
    func testRealRestorerMatchesDocumentsAlone() throws {
        let restore = Restorer(dictionary: PhraseDictionary(tables: [DecoderTests.table]), model: DecoderTests.model,
                               options: .init()).restoreFunction
        var g = SeededGenerator(state: 5)
        for trial in 0..<6 {
            var docs: [String] = []
            for _ in 0..<5 {
                docs.append(Self.document(lines: Int.random(in: 1...12, using: &g), crlf: trial == 3, long: false, last: false, using: &g))
            }
            let whole = docs.joined(separator: trial % 2 == 0 ? "\n" : " \r\n\n")
            let bytes = Array(whole.utf8)
            let want = Self.reference(bytes, chunk: 64, restore: restore)
            for jobs in [1, 2] {
                let got = try stream(bytes, chunk: 64, jobs: jobs, maxWrite: 9, seed: UInt64(trial), restore: restore)
                XCTAssertEqual(String(decoding: got, as: UTF8.self), String(decoding: want, as: UTF8.self), "trial \(trial), -j \(jobs)")
            }
        }
    }
}
