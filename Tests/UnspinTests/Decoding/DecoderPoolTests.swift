import XCTest
@testable import Unspin

/// A restorer keeps its decoders between calls (`DecoderPool`): a reused decoder must give
/// what a fresh one gives, whatever it restored before.
final class DecoderPoolTests: XCTestCase {
    static let spunStyle = try! String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Benchmarks/Inputs/spun-style.txt").path, encoding: .utf8)

    /// A fresh decoder's restoration of `text`.
    func fresh(_ restorer: Restorer, _ text: String) -> Restoration {
        var decoder = Decoder(restorer: restorer, model: restorer.model as! NGramModel)
        return withUTF8Bytes(of: text) { decoder.run($0) }
    }

    func assertSame(_ a: Restoration, _ b: Restoration, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.bytes, b.bytes, what, file: file, line: line)
        XCTAssertEqual(a.edits, b.edits, what, file: file, line: line)
        XCTAssertEqual(a.spunLogOdds, b.spunLogOdds, what, file: file, line: line)
    }

    func testReusedDecodersGiveWhatFreshOnesGive() {
        let restorer = MatcherReferenceTests.shipped.restorer
        let paragraphs = Self.spunStyle.components(separatedBy: "\n\n")
        let clean = String(BenchmarkCorpus.text.prefix(20_000))
        // Spun paragraphs in clean text: judged spun, but sparsely, so the decoder runs its
        // second pass with the extra penalty (which a reused decoder must not keep). The
        // shortest such mix of the fixed texts is found by trying.
        var probe = Decoder(restorer: restorer, model: restorer.model as! NGramModel)
        var sparse = ""
        for n in stride(from: 500, through: 20_000, by: 500) {
            let text = Self.spunStyle + "\n\n" + String(clean.prefix(n))
            let r = withUTF8Bytes(of: text) { probe.run($0) }
            if !r.edits.isEmpty && probe.extraPenalty > 0 { sparse = text; break }
        }
        XCTAssertFalse(sparse.isEmpty, "some mix must take the second pass")
        let inputs = [Self.spunStyle, "", clean, sparse, paragraphs[2], "He mentioned it.", Self.spunStyle]
        for (i, text) in inputs.enumerated() {
            let want = fresh(restorer, text)
            assertSame(withUTF8Bytes(of: text) { probe.run($0) }, want, "same decoder, input \(i)")
            assertSame(restorer.restore(text), want, "through the pool, input \(i)")
        }
        XCTAssertGreaterThan(restorer.decoders.count, 0, "the restorer keeps a decoder")
    }

    func testThreadsTakeTheirOwnDecoders() {
        let restorer = MatcherReferenceTests.shipped.restorer
        let texts = Self.spunStyle.components(separatedBy: "\n\n")
        let want = texts.map { fresh(restorer, $0) }
        let results = UnsafeMutableBufferPointer<Restoration?>.allocate(capacity: texts.count * 8)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: texts.count * 8) { i in
            results[i] = restorer.restore(texts[i % texts.count])
        }
        for i in 0..<(texts.count * 8) {
            guard let got = results[i] else { XCTFail("no result \(i)"); continue }
            assertSame(got, want[i % texts.count], "call \(i)")
        }
        XCTAssertLessThanOrEqual(restorer.decoders.count, restorer.decoders.capacity)
    }

    /// Capacity and the size limit: a decoder that has restored a large input is let go.
    func testThePoolKeepsAFewDecodersOfSmallInputs() throws {
        let model = try NGramModel(arpaText: WordTableTests.arpa)
        let restorer = Restorer(dictionary: PhraseDictionary(tables: [WordTableTests.table]), model: model)
        let pool = DecoderPool(capacity: 2, largestKept: 100)
        func box() -> DecoderPool.Box { DecoderPool.Box(Decoder(restorer: restorer, model: model)) }
        pool.put(box(), after: 101)
        XCTAssertEqual(pool.count, 0, "too large an input: let go")
        pool.put(box(), after: 100)
        pool.put(box(), after: 0)
        pool.put(box(), after: 10)
        XCTAssertEqual(pool.count, 2, "at most capacity wait")
        XCTAssertNotNil(pool.take())
        XCTAssertNotNil(pool.take())
        XCTAssertNil(pool.take())
        // Through a restorer: the default limit keeps small inputs' decoders.
        _ = restorer.restore("He mentioned it.")
        XCTAssertEqual(restorer.decoders.count, 1)
        XCTAssertEqual(restorer.decoders.largestKept, 4 << 20)
    }

    func testARestorerIsFreedWithItsDecoders() throws {
        weak var gone: Restorer?
        try {
            let model = try NGramModel(arpaText: WordTableTests.arpa)
            let restorer = Restorer(dictionary: PhraseDictionary(tables: [WordTableTests.table]), model: model)
            _ = restorer.restore("He mentioned it.")
            XCTAssertEqual(restorer.decoders.count, 1)
            gone = restorer
        }()
        XCTAssertNil(gone, "a pooled decoder must not keep its restorer alive")
    }
}
