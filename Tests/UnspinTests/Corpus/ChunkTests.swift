import XCTest
@testable import Unspin

final class CorpusChunkTests: XCTestCase {
    func textCut(_ s: String) -> Int { Array(s.utf8).withUnsafeBufferPointer { ChunkCutter.textCut($0) } }

    func testTextCut() {
        let cases: [(String, Int)] = [
            ("one.\n\ntwo. three", 6),          // after the blank line
            ("a\n\nb\n \t\r\nc\nd", 9),         // the last blank line (with spaces) wins
            ("a\n\nb\nc d", 3),                 // "b\nc d" is one paragraph
            ("line one\nline two", 9),          // no blank line: after the last line feed
            ("no breaks at all", 13),           // no line feed: after the last space
            ("abcdef", 6),                      // no whitespace: all of it
            ("x", 1),
        ]
        for (s, want) in cases { XCTAssertEqual(textCut(s), want, s.debugDescription) }
        // A scalar cut off by the end of the buffer is left for the next piece.
        var b = Array("abcé".utf8)
        b.removeLast()
        XCTAssertEqual(b.withUnsafeBufferPointer { ChunkCutter.textCut($0) }, 3)
        XCTAssertEqual(Array("abc😀".utf8).withUnsafeBufferPointer { ChunkCutter.textCut($0) }, 7)
        XCTAssertEqual(Array("a\nb".utf8).withUnsafeBufferPointer { ChunkCutter.lineCut($0) }, 2)
        XCTAssertNil(Array("ab".utf8).withUnsafeBufferPointer { ChunkCutter.lineCut($0) })
    }

    /// Writes `bytes` to a pipe from another thread and reads them back in pieces.
    func pieces(_ bytes: [UInt8], limit: Int, mode: ChunkReader.Mode) throws -> [[UInt8]] {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let writer = fds[1]
        let t = Thread {
            bytes.withUnsafeBufferPointer { try? FileSystem.writeAll(writer, $0) }
            close(writer)
        }
        t.start()
        var reader = ChunkReader(fd: fds[0], limit: limit, mode: mode)
        var out: [[UInt8]] = []
        while let p = try reader.next() { out.append(p) }
        close(fds[0])
        return out
    }

    func testReaderReassemblesAndCutsAtParagraphs() throws {
        var text = ""
        var g = SeededGenerator(state: 3)
        for i in 0..<400 {
            text += "Sentence \(i) says a little." + (Int.random(in: 0..<4, using: &g) == 0 ? "\n\n" : " ")
        }
        let bytes = Array(text.utf8)
        let ps = try pieces(bytes, limit: 512, mode: .text)
        XCTAssertEqual(Array(ps.joined()), bytes)
        XCTAssertGreaterThan(ps.count, 10)
        for p in ps.dropLast() {
            XCTAssertLessThanOrEqual(p.count, 512)
            XCTAssertEqual(Array(p.suffix(2)), [0x0A, 0x0A])
        }
    }

    /// Regression (fuzz target stream_documents): a blank line longer than the limit is cut at a
    /// tab; the rest of it is still a blank line, so the next document starts after it and is
    /// not cut at its first line feed (the limit counts from the document's own start).
    func testLongBlankLineStaysASeparator() throws {
        let blank = String(repeating: "\t", count: 20)
        let doc = "Ab cd.\nEf gh ij."
        let ps = try pieces(Array(("One.\n" + blank + "\n" + doc).utf8), limit: 16, mode: .documents)
        XCTAssertEqual(ps.map { String(decoding: $0, as: UTF8.self) },
                       ["One.\n", String(repeating: "\t", count: 16), "\t\t\t\t\n", "Ab cd.\nEf gh ij."])
    }

    func testReaderLines() throws {
        let lines = (0..<100).map { "{\"n\":\($0),\"text\":\"\(String(repeating: "x", count: $0 * 3))\"}\n" }.joined()
        let bytes = Array(lines.utf8) + Array("{\"last\":true}".utf8)
        let ps = try pieces(bytes, limit: 64, mode: .lines)
        XCTAssertEqual(Array(ps.joined()), bytes)
        for p in ps.dropLast() { XCTAssertEqual(p.last, 0x0A) }
        // A record longer than the limit grows the piece; past maxRecord it is an error.
        var reader = ChunkReader(fd: -1, limit: 16, mode: .lines, maxRecord: 32)
        reader.pending = Array(repeating: 0x61, count: 40)
        XCTAssertThrowsError(try reader.next())
    }

    func testReadErrorIsReported() {
        var reader = ChunkReader(fd: -1, mode: .text)
        XCTAssertThrowsError(try reader.next()) { XCTAssertEqual(($0 as? CorpusError)?.message, "Bad file descriptor") }
    }

    func testPipelineKeepsOrderAndBound() {
        final class Box: @unchecked Sendable {
            var got: [Int] = []
            var inFlight = 0
            var maxInFlight = 0
            let lock = NSLock()
        }
        let box = Box()
        let p = OrderedPipeline<Int, Int>(jobs: 3, maxInFlight: 4, work: { x in
            box.lock.lock(); box.inFlight += 1; box.maxInFlight = max(box.maxInFlight, box.inFlight); box.lock.unlock()
            usleep(UInt32((x * 7919) % 5) * 200)
            box.lock.lock(); box.inFlight -= 1; box.lock.unlock()
            return x * 2
        }, sink: { box.got.append($0) })
        for i in 0..<200 { p.submit(i) }
        p.finish()
        XCTAssertEqual(box.got, (0..<200).map { $0 * 2 })
        XCTAssertLessThanOrEqual(box.maxInFlight, 3)
    }

    func testBinarySniffer() {
        func reason(_ b: [UInt8], start: Bool = true, base: Int = 0) -> String? {
            b.withUnsafeBufferPointer { BinarySniffer.binaryReason($0, isStart: start, baseOffset: base) }
        }
        XCTAssertNil(reason(Array("Plain text, café.\n\tTabs\r\n".utf8)))
        XCTAssertNil(reason([]))
        XCTAssertEqual(reason([0x61, 0x00, 0x62]), "binary data (a NUL byte at offset 1)")
        XCTAssertEqual(reason([0x61, 0x00], start: false, base: 100), "binary data (a NUL byte at offset 101)")
        XCTAssertEqual(reason([UInt8](repeating: 0x01, count: 50) + Array("text".utf8)), "binary data (not text)")
        XCTAssertEqual(reason([UInt8](repeating: 0xFF, count: 50) + Array("text".utf8)), "binary data (not text)")
        // Latin-1 prose with a few accents is still text.
        XCTAssertNil(reason(Array("Le caf".utf8) + [0xE9] + Array(" est tr".utf8) + [0xE8, 0x73] + Array(" bon, vraiment.".utf8)))
        XCTAssertNil(reason([UInt8](repeating: 0x01, count: 50), start: false))
    }

    func testProgressFormat() {
        XCTAssertEqual(ProgressFormat.count(0), "0")
        XCTAssertEqual(ProgressFormat.count(999), "999")
        XCTAssertEqual(ProgressFormat.count(1234567), "1,234,567")
        XCTAssertEqual(ProgressFormat.count(-1000), "-1,000")
        XCTAssertEqual(ProgressFormat.bytes(512), "512 B")
        XCTAssertEqual(ProgressFormat.bytes(1500), "1.5 kB")
        XCTAssertEqual(ProgressFormat.bytes(20_000_000), "20.0 MB")
        XCTAssertEqual(ProgressFormat.bytes(1_234_000_000), "1.23 GB")
        XCTAssertEqual(ProgressFormat.rate(bytes: 31_400_000, seconds: 1), "31.4 MB/s")
        XCTAssertEqual(ProgressFormat.rate(bytes: 5, seconds: 0), "- MB/s")
        XCTAssertEqual(ProgressFormat.duration(7), "0:07")
        XCTAssertEqual(ProgressFormat.duration(754.2), "12:35")
        XCTAssertEqual(ProgressFormat.duration(3723), "1:02:03")
        XCTAssertEqual(ProgressFormat.duration(.infinity), "--:--")
        XCTAssertEqual(ProgressFormat.elapsed(0.4213), "0.42 s")
        XCTAssertEqual(ProgressFormat.elapsed(12.34), "12.3 s")
        XCTAssertEqual(ProgressFormat.elapsed(125), "2:05")
        XCTAssertEqual(ProgressFormat.fixed(-0.04, 1), "0.0")
        XCTAssertEqual(ProgressFormat.fixed(2.5, 0), "3")
        XCTAssertEqual(ProgressFormat.line(files: 12, totalFiles: 340, bytes: 120_500_000, skippedBytes: 0,
                                           totalBytes: 1_210_000_000, seconds: 4),
                       "12/340 files  120.5 MB/1.21 GB  30.1 MB/s  ETA 0:37")
        XCTAssertEqual(ProgressFormat.line(files: 3, totalFiles: nil, bytes: 2000, skippedBytes: 1000,
                                           totalBytes: nil, seconds: 1),
                       "3 files  3.0 kB  0.0 MB/s  ETA --:--")
    }
}
