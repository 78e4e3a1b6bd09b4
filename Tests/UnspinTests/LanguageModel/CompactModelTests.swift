import XCTest
@testable import Unspin

/// The compact format (version 2, `LMTrieLayout`): exact where the codebooks hold every
/// value, bounded error otherwise, conversions both ways, damaged files.
final class CompactModelTests: XCTestCase {
    var dir = ""

    override func setUp() {
        var template = Array((NSTemporaryDirectory() + "/unspin-compact-XXXXXX").utf8CString)
        dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path)!) }

    /// Every query state of `text`, with its score, sentence by sentence.
    func trace(_ m: NGramModel, _ text: String) -> [(Float, LMState)] {
        var out: [(Float, LMState)] = []
        for line in text.split(separator: "\n") {
            var s = m.beginSentenceState(), next = LMState()
            for w in line.split(separator: " ").map(String.init) + ["</s>"] {
                out.append((m.score(s, m.index(of: w), next: &next), next))
                s = next
            }
        }
        return out
    }

    /// lm-tiny.arpa has fewer distinct values per order than codebook entries: the compact
    /// model scores exactly as the hash model, and as KenLM to 1e-4.
    func testCompactIsExactWithFewDistinctValues() throws {
        let hash = try NGramModel(arpaPath: lmFixture("lm-tiny.arpa"))
        let compact = try hash.converted(to: .compact)
        XCTAssertEqual(compact.format, .compact)
        XCTAssertEqual(compact.counts, hash.counts)
        let query = lmQueryText + "\nthe minister said the war in the north is over\nunknown words here"
        XCTAssertEqual(wordScores(compact, query), wordScores(hash, query))
        for (g, w) in zip(wordScores(compact, lmQueryText), lmTinyExpected) { XCTAssertEqual(g, w, accuracy: 1e-4) }
        // States have the same lengths (the same contexts are kept and dropped).
        XCTAssertEqual(trace(compact, query).map { $0.1.length }, trace(hash, query).map { $0.1.length })
    }

    /// A model with more distinct values than codes: each score is within the codebook's
    /// resolution of the exact one.
    func testQuantizationErrorIsBounded() throws {
        var rng = SplitMix(seed: 7)
        let words = (0..<40).map { "w\($0)" }
        var text = "\\data\\\nngram 1=\(words.count + 3)\nngram 2=\(words.count * 30)\n\n\\1-grams:\n"
        text += "-2\t<unk>\t0\n0\t<s>\t-0.5\n-1.5\t</s>\t0\n"
        for w in words { text += "\(-1 - rng.unit())\t\(w)\t\(-rng.unit())\n" }
        text += "\n\\2-grams:\n"
        for (i, a) in words.enumerated() {
            for k in 0..<30 { text += "\(-0.1 - 2.5 * rng.unit())\t\(a) \(words[(i + k) % words.count])\n" }
        }
        text += "\n\\end\\\n"
        let exact = try NGramModel(arpaText: text, name: "random.arpa")
        let compact = try exact.converted(to: .compact)
        var query = ""
        for _ in 0..<200 { query += (0..<8).map { _ in words[Int(rng.next() % 40)] }.joined(separator: " ") + "\n" }
        let a = wordScores(exact, query), b = wordScores(compact, query)
        XCTAssertEqual(a.count, b.count)
        var total: Float = 0, worst: Float = 0
        for (x, y) in zip(a, b) { total += abs(x - y); worst = max(worst, abs(x - y)) }
        // 1200 values in [-2.6, -0.1] over 256 equal-count bins: bins about 0.01 wide.
        XCTAssertLessThan(worst, 0.02)
        XCTAssertLessThan(total / Float(a.count), 0.005)
        XCTAssertGreaterThan(worst, 0, "more values than codes cannot all be exact")
        // Unigrams keep their exact values.
        var s = LMState(), next = LMState()
        XCTAssertEqual(compact.score(s, compact.index(of: "w3"), next: &next), exact.score(s, exact.index(of: "w3"), next: &next))
        s = next
    }

    /// Contexts with hundreds of bigrams: the bigram search goes through the buckets
    /// (`LMTrieLayout.bucketSlots`); every present and absent bigram scores as in the hash
    /// model (few distinct values: exact).
    func testBigramBucketsFindEveryBigram() throws {
        let words = (0..<700).map { "w\($0)" }
        let heads = ["a", "b", "c"]
        var bigrams: [String] = []
        for (h, head) in heads.enumerated() {
            // 600, 300 and 20 continuations, every other word of a stretch, so that absent
            // words fall between present ones.
            for i in stride(from: h, to: [1200, 600, 40][h], by: 2) where i < words.count {
                bigrams.append("\(-1 - Float(i % 3))\t\(head) \(words[i])")
            }
        }
        var text = "\\data\\\nngram 1=\(words.count + heads.count + 3)\nngram 2=\(bigrams.count)\n\n\\1-grams:\n"
        text += "-2\t<unk>\t0\n0\t<s>\t-0.5\n-1.5\t</s>\t0\n"
        for h in heads { text += "-1\t\(h)\t-0.25\n" }
        for w in words { text += "-3\t\(w)\t0\n" }
        text += "\n\\2-grams:\n" + bigrams.joined(separator: "\n") + "\n\n\\end\\\n"
        let hash = try NGramModel(arpaText: text, name: "wide.arpa")
        let compact = try hash.converted(to: .compact)
        for head in heads {
            let query = words.map { "\(head) \($0)" }.joined(separator: "\n")
            XCTAssertEqual(wordScores(compact, query), wordScores(hash, query), head)
        }
        XCTAssertEqual(compact.counts, hash.counts)
    }

    /// Trigram contexts of 1 to 600 continuations: the search guesses an entry's place from
    /// its key, directly in short ranges and through the samples in long ones (sample blocks,
    /// the entries before the first sample, after the last); every present and absent
    /// trigram scores as in the hash model (few distinct values: exact), with the same states.
    func testInterpolatedSearchFindsEveryTrigram() throws {
        let words = (0..<1300).map { "w\($0)" }
        let sizes = [1, 2, 5, 15, 16, 17, 31, 32, 33, 47, 64, 100, 257, 600]
        var bigrams: [String] = [], trigrams: [String] = []
        for (h, size) in sizes.enumerated() {
            bigrams.append("-1\tx\(h) y\t-0.5")
            // Every other word of a stretch, so that absent words fall between present ones.
            for i in stride(from: h % 2, to: 2 * size, by: 2) {
                trigrams.append("\(-0.5 - Float(i % 4) / 2)\tx\(h) y \(words[i])")
            }
        }
        for w in words { bigrams.append("-2\ty \(w)\t0") }
        var text = "\\data\\\nngram 1=\(words.count + sizes.count + 4)\nngram 2=\(bigrams.count)\nngram 3=\(trigrams.count)\n\n\\1-grams:\n"
        text += "-2\t<unk>\t0\n0\t<s>\t-0.5\n-1.5\t</s>\t0\n-1\ty\t-0.25\n"
        for h in sizes.indices { text += "-1\tx\(h)\t-0.25\n" }
        for w in words { text += "-3\t\(w)\t-0.125\n" }
        text += "\n\\2-grams:\n" + bigrams.joined(separator: "\n") + "\n\n\\3-grams:\n" + trigrams.joined(separator: "\n") + "\n\n\\end\\\n"
        let hash = try NGramModel(arpaText: text, name: "deep.arpa")
        let compact = try hash.converted(to: .compact)
        XCTAssertEqual(compact.counts, hash.counts)
        for h in sizes.indices {
            let query = (words.prefix(2 * sizes[h] + 40) + ["x0", "y", "<unk>"]).map { "x\(h) y \($0)" }.joined(separator: "\n")
            XCTAssertEqual(wordScores(compact, query), wordScores(hash, query), "context of \(sizes[h])")
            XCTAssertEqual(trace(compact, query).map { $0.1.length }, trace(hash, query).map { $0.1.length })
        }
    }

    func testQuantizer() {
        let few: [Float] = [-1, -2, -1, -3, -2.5]
        let q = LMQuantizer(few, codes: 8)
        XCTAssertEqual(q.centres, [-3, -2.5, -2, -1])
        XCTAssertEqual(few.map { q.centres[q.code($0)] }, few)
        // Reserved codes shift the codes, not the centres.
        let r = LMQuantizer(few, codes: 6, firstCode: 2)
        XCTAssertEqual(r.code(-3), 2)
        XCTAssertEqual(r.code(-1), 5)
        // 1000 evenly spread values in 10 codes: bins of 100 values, centres their means.
        let many = (0..<1000).map { Float($0) }
        let b = LMQuantizer(many, codes: 10)
        XCTAssertEqual(b.centres, (0..<10).map { Float($0 * 100) + 49.5 })
        XCTAssertEqual(b.code(0), 0)
        XCTAssertEqual(b.code(99.4), 0)
        XCTAssertEqual(b.code(100), 1)
        XCTAssertEqual(b.code(5000), 9)
        // A run of equal values stays in one bin.
        let runs: [Float] = Array(repeating: 1, count: 50) + [2, 3, 4, 5]
        XCTAssertEqual(LMQuantizer(runs, codes: 3).centres.first, 1)
    }

    /// Compact → hash → compact: the second compact image is byte for byte the first, and
    /// every format scores alike.
    func testConversionsRoundTrip() throws {
        var o = KneserNeyOptions()
        o.order = 4
        o.fallbackDiscounts = [0.5, 1, 1.5]
        let t = try KneserNeyTrainer(options: o)
        withUTF8Bytes(of: try String(contentsOfFile: lmFixture("lm-tiny.txt"), encoding: .utf8)) { t.addText($0, tokenized: false) }
        let m = try t.train()
        try m.writeBinary(to: dir + "/a.bin")
        let a = try NGramModel(binaryPath: dir + "/a.bin", verify: true)
        try a.writeBinary(to: dir + "/h.bin", format: .hash)
        let h = try NGramModel(binaryPath: dir + "/h.bin", verify: true)
        XCTAssertEqual(h.format, .hash)
        try h.writeBinary(to: dir + "/b.bin")
        XCTAssertEqual(bytes(dir + "/a.bin"), bytes(dir + "/b.bin"))
        let query = lmQueryText + "\nthe minister said the war in the north is over"
        XCTAssertEqual(wordScores(a, query), wordScores(m, query))
        XCTAssertEqual(wordScores(h, query), wordScores(m, query))
        XCTAssertEqual(h.counts, m.counts)
        XCTAssertEqual(h.trainingTokens, m.trainingTokens)
        // Compact → ARPA → compact, the same scores.
        try a.writeARPA(to: dir + "/a.arpa")
        XCTAssertEqual(wordScores(try NGramModel(arpaPath: dir + "/a.arpa").converted(to: .compact), query), wordScores(m, query))
        XCTAssertLessThan(a.byteSize, h.byteSize)
    }

    func loadError(_ b: [UInt8]) -> String {
        let p = dir + "/bad.bin"
        XCTAssertTrue(FileManager.default.createFile(atPath: p, contents: Data(b)))
        do { _ = try NGramModel(binaryPath: p); return "loaded" } catch { return "\(error)".replacingOccurrences(of: p, with: "F") }
    }

    func reseal(_ b: inout [UInt8]) {
        let sum = b.withUnsafeBytes { Hashing.checksum($0.baseAddress!, LMLayout.oHeaderChecksum) }
        for i in 0..<8 { b[LMLayout.oHeaderChecksum + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
    }

    /// Damage only the compact header has: field widths, codebook and children sections.
    func testCompactHeaderDamage() throws {
        let m = try NGramModel(arpaPath: lmFixture("lm-tiny.arpa"))
        try m.writeBinary(to: dir + "/t.bin")
        let good = bytes(dir + "/t.bin")
        var cases: [(String, [UInt8], String)] = []
        var wide = good; wide[LMTrieLayout.oBits + 1] = 40; reseal(&wide)   // 2-gram prob bits
        cases.append(("prob bits", wide, "F: byte 224: the field widths or count of order 2 are impossible: damaged file"))
        var narrow = good; narrow[LMTrieLayout.oBits + 4] = 3; reseal(&narrow)  // 3-gram word bits for 39 words
        cases.append(("word bits", narrow, "F: byte 228: the field widths or count of order 3 are impossible: damaged file"))
        var unused = good; unused[LMTrieLayout.oBits + 8] = 1; reseal(&unused)  // order 4 of a 3-gram model
        cases.append(("unused order", unused, "F: byte 232: the field widths or count of order 4 are impossible: damaged file"))
        var books = good; books[LMTrieLayout.oCodebooks] &+= 1; reseal(&books)
        cases.append(("codebooks", books, "F: byte 104: section 6 lies outside the file or overlaps another: damaged file"))
        var children = good; children[LMTrieLayout.oChildren] = 1; reseal(&children)
        cases.append(("children", children, "F: byte 96: section 4 lies outside the file or overlaps another: damaged file"))
        var buckets = good; buckets[LMTrieLayout.oBuckets] &+= 4; reseal(&buckets)
        cases.append(("buckets", buckets, "F: byte 112: section 5 lies outside the file or overlaps another: damaged file"))
        var checks = good; checks[LMLayout.oFloatCheck] ^= 1; reseal(&checks)
        cases.append(("float", checks, "F: byte 12: layout check values differ (byte order, float format or header size): damaged, or written by an incompatible build"))
        for (name, b, want) in cases { XCTAssertEqual(loadError(b), want, name) }
        XCTAssertEqual(loadError(good), "loaded")
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }
}
