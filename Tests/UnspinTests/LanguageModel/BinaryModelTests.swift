import XCTest
@testable import Unspin

final class BinaryModelTests: XCTestCase {
    var dir = ""

    override func setUp() {
        var template = Array((NSTemporaryDirectory() + "/unspin-lm-XXXXXX").utf8CString)
        dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path)!) }
    func write(_ path: String, _ b: [UInt8]) { XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(b)), "cannot write \(path)") }

    /// Parses ARPA text into n-gram → (prob, backoff) with exact Float values.
    func entries(_ path: String) -> [String: (Float, Float)] {
        var out: [String: (Float, Float)] = [:]
        let text = String(decoding: bytes(path), as: UTF8.self)
        for line in text.split(separator: "\n") where !line.hasPrefix("\\") && !line.hasPrefix("ngram ") {
            let f = line.split(separator: "\t")
            guard f.count >= 2 else { continue }
            out[String(f[1])] = (Float(String(f[0]))!, f.count > 2 ? Float(String(f[2]))! : 0)
        }
        return out
    }

    func tinyBinary(_ format: LMBinaryFormat = .compact) throws -> String {
        let m = try NGramModel(arpaPath: lmFixture("lm-tiny.arpa"))
        XCTAssertNil(m.trainingTokens, "a model from ARPA has no token count")
        let path = dir + "/tiny-\(format).bin"
        try m.writeBinary(to: path, format: format)
        XCTAssertEqual(try NGramModel(binaryPath: path).format, format)
        return path
    }

    func testARPABinaryARPARoundTrip() throws {
        try checkARPABinaryARPARoundTrip(.hash)
        // lm-tiny has fewer distinct values per order than codebook entries: the compact
        // format keeps every value exactly.
        try checkARPABinaryARPARoundTrip(.compact)
    }

    func checkARPABinaryARPARoundTrip(_ format: LMBinaryFormat) throws {
        let bin = try tinyBinary(format)
        XCTAssertEqual(try LMFileKind.detect(path: bin), .binary)
        let m = try NGramModel.load(path: bin)
        check(wordScores(m, lmQueryText), lmTinyExpected)
        try m.writeARPA(to: dir + "/back.arpa")
        let original = entries(lmFixture("lm-tiny.arpa")), back = entries(dir + "/back.arpa")
        XCTAssertEqual(original.count, 39 + 67 + 74)
        XCTAssertEqual(Set(original.keys), Set(back.keys))
        for (k, v) in original {
            // lmplz gives <s> probability 0 (1.0); Unspin keeps it (never predicted) as written.
            XCTAssertEqual(back[k]!.0, v.0, k)
            XCTAssertEqual(back[k]!.1, v.1, k)
        }
        // Binary → ARPA → binary → ARPA keeps the same text, line for line.
        let again = try NGramModel(arpaPath: dir + "/back.arpa")
        try again.writeARPA(to: dir + "/again.arpa")
        XCTAssertEqual(Set(String(decoding: bytes(dir + "/again.arpa"), as: UTF8.self).split(separator: "\n")),
                       Set(String(decoding: bytes(dir + "/back.arpa"), as: UTF8.self).split(separator: "\n")))
    }

    func testTrainedModelRoundTrip() throws {
        var o = KneserNeyOptions()
        o.order = 4
        o.fallbackDiscounts = [0.5, 1, 1.5]
        let t = try KneserNeyTrainer(options: o)
        let text = try String(contentsOfFile: lmFixture("lm-tiny.txt"), encoding: .utf8)
        withUTF8Bytes(of: text) { t.addText($0, tokenized: false) }
        let m = try t.train()
        try m.writeBinary(to: dir + "/m.bin")
        try m.writeBinary(to: dir + "/m1.bin", format: .hash)
        try m.writeARPA(to: dir + "/m.arpa")
        let fromBinary = try NGramModel(binaryPath: dir + "/m.bin", verify: true)
        XCTAssertEqual(fromBinary.format, .compact)
        XCTAssertEqual(fromBinary.trainingTokens, m.trainingTokens)
        let fromHash = try NGramModel(binaryPath: dir + "/m1.bin", verify: true)
        let fromARPA = try NGramModel(arpaPath: dir + "/m.arpa")
        XCTAssertEqual(wordScores(fromBinary, lmQueryText), wordScores(m, lmQueryText))
        XCTAssertEqual(wordScores(fromHash, lmQueryText), wordScores(m, lmQueryText))
        XCTAssertEqual(wordScores(fromARPA, lmQueryText), wordScores(m, lmQueryText))
        XCTAssertEqual(fromARPA.counts, m.counts)
    }

    func check(_ got: [Float], _ want: [Float], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, file: file, line: line)
        for (g, w) in zip(got, want) { XCTAssertEqual(g, w, accuracy: 1e-4, file: file, line: line) }
    }

    func loadError(_ b: [UInt8], verify: Bool = false) -> String {
        let p = dir + "/bad.bin"
        write(p, b)
        do {
            _ = try NGramModel(binaryPath: p, verify: verify)
            return "loaded"
        } catch {
            return "\(error)".replacingOccurrences(of: p, with: "F")
        }
    }

    func put32(_ b: inout [UInt8], _ o: Int, _ v: UInt32) { for i in 0..<4 { b[o + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) } }
    func put64(_ b: inout [UInt8], _ o: Int, _ v: UInt64) { for i in 0..<8 { b[o + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) } }
    func resealHeader(_ b: inout [UInt8]) {
        let sum = b.withUnsafeBytes { Hashing.checksum($0.baseAddress!, LMLayout.oHeaderChecksum) }
        put64(&b, LMLayout.oHeaderChecksum, sum)
    }

    func testDamagedFilesGiveClearErrors() throws {
        try checkDamagedFiles(.hash, sectionIndex: 4)
        // The compact format's sections are pool, offsets, vocab, unigrams, children,
        // buckets, codebooks, orders 2...5: the 2-gram array is the eighth.
        try checkDamagedFiles(.compact, sectionIndex: 7)
    }

    func checkDamagedFiles(_ format: LMBinaryFormat, sectionIndex: Int) throws {
        let good = bytes(try tinyBinary(format))
        let n = good.count
        var cases: [(String, [UInt8], String)] = [
            ("empty", [], "F: truncated: 0 bytes, but a model header alone takes 256"),
            ("short header", Array(good[0..<100]), "F: truncated: 100 bytes, but a model header alone takes 256"),
            ("half", Array(good[0..<(n / 2)]), "F: truncated: \(n / 2) bytes, but the header says \(n) (incomplete copy or download?)"),
            ("one byte short", Array(good[0..<(n - 1)]), "F: truncated: \(n - 1) bytes, but the header says \(n) (incomplete copy or download?)"),
            ("trailing", good + [0, 0], "F: byte \(n): 2 unexpected bytes after the model's end (\(n) bytes)"),
            ("foreign", [UInt8](repeating: 0x41, count: 300), "F: byte 0: not an unspin binary model (it starts with 41 41 41 41 41 41 41 41)"),
        ]
        var old = good; put32(&old, LMLayout.oVersion, 0)
        cases.append(("old", old, "F: byte 8: format version 0 is older than this unspin's (1...2); rebuild it with 'unspin lm convert MODEL.arpa OUT'"))
        var newer = good; put32(&newer, LMLayout.oVersion, 7)
        cases.append(("newer", newer, "F: byte 8: format version 7 is newer than this unspin reads (1...2); update unspin"))
        var swapped = good; put32(&swapped, LMLayout.oByteOrder, LMLayout.byteOrderCheck.byteSwapped)
        cases.append(("byte order", swapped, "F: byte 12: written with the other byte order; rebuild it on this machine from the ARPA file"))
        var header = good; header[LMLayout.oCounts + 9] ^= 0x10
        cases.append(("header bit", header, "F: byte 0: the header is damaged (checksum mismatch)"))
        var section = good; put64(&section, LMLayout.oSections + 8 * 4, UInt64(n + 64)); resealHeader(&section)
        cases.append(("section", section, "F: byte 160: section \(sectionIndex) lies outside the file or overlaps another: damaged file"))
        var order = good; put32(&order, LMLayout.oOrder, 9); resealHeader(&order)
        cases.append(("order", order, "F: the header holds impossible values (order 9, 39 words): damaged file"))
        for (name, b, want) in cases { XCTAssertEqual(loadError(b), want, "\(format) \(name)") }

        var data = good; data[n - 40] ^= 0xFF
        XCTAssertEqual(loadError(data), "loaded")  // data is not read at load...
        XCTAssertEqual(loadError(data, verify: true), "F: the data is damaged (checksum mismatch)")  // ...unless verified
    }

    /// Random damage to the data never crashes a query (probes and reads stay in bounds).
    func testQueriesSurviveDamagedData() throws {
        try checkQueriesSurviveDamagedData(.hash)
        try checkQueriesSurviveDamagedData(.compact)
    }

    func checkQueriesSurviveDamagedData(_ format: LMBinaryFormat) throws {
        let good = bytes(try tinyBinary(format))
        var rng = SystemRandomNumberGenerator()
        let p = dir + "/fuzz.bin"
        for round in 0..<30 {
            var b = good
            let flips = round < 10 ? 4 : 400
            for _ in 0..<flips { b[Int.random(in: LMLayout.headerSize..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            if round % 3 == 0 { for i in LMLayout.headerSize..<b.count where Bool.random(using: &rng) { b[i] = 0xFF } }
            write(p, b)
            let m = try NGramModel(binaryPath: p)
            _ = wordScores(m, lmQueryText + "\nthe minister said the war in the north")
            var s = LMState(), next = LMState()
            s.length = 4; s.w0 = 1; s.w1 = .max; s.w2 = 12345; s.w3 = 7
            _ = m.score(s, .max, next: &next)
            _ = m.word(.max)
            try? m.writeARPA(to: dir + "/fuzz.arpa")
        }
    }

    func testDetectErrors() throws {
        let p = dir + "/text.txt"
        write(p, Array("hello world\n".utf8))
        XCTAssertThrowsError(try NGramModel.load(path: p)) { e in
            XCTAssertEqual("\(e)", "\(p): byte 0: not a language model: neither ARPA text (starting with '\\data\\') nor an unspin binary model")
        }
        write(p, Array("mmap lm http://kheafield.com/code format version 5\n".utf8))
        XCTAssertThrowsError(try NGramModel.load(path: p)) { e in
            XCTAssertEqual("\(e)", "\(p): a KenLM binary model; convert the ARPA file with 'unspin lm convert' instead")
        }
    }
}
