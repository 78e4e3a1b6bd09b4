import XCTest
@testable import Unspin

/// `Benchmark.measure` runs its threads once over as many passes as the time takes: at least
/// one whole pass, whose outputs give the checksum, whatever the number of threads.
final class BenchmarkMeasureTests: XCTestCase {
    func testOnePassAtLeastAndTheSameChecksumOnAnyThreads() {
        let restorer = MatcherReferenceTests.shipped.restorer
        let corpus = Array(BenchmarkCorpus.text.utf8.prefix(12_000))
        let pieces = Benchmark.pieces(of: corpus, size: 4096)
        let bytes = pieces.reduce(0) { $0 + $1.count }
        XCTAssertGreaterThan(pieces.count, 2)
        XCTAssertEqual(bytes, corpus.count)
        let words = Benchmark.wordCount(corpus)
        var sums: [UInt64] = []
        for threads in [1, 2, 3] {
            // No minimum time: exactly one pass, each piece once.
            let once = Benchmark.measure(.restore, restorer: restorer, pieces: pieces, words: words,
                                         threads: threads, minimumSeconds: 0)
            XCTAssertEqual(once.bytes, bytes, "\(threads) threads")
            XCTAssertEqual(once.words, words, "\(threads) threads")
            sums.append(once.checksum)
            // A minimum time: more passes (not necessarily whole), the same first-pass checksum.
            let timed = Benchmark.measure(.restore, restorer: restorer, pieces: pieces, words: words,
                                          threads: threads, minimumSeconds: 0.05)
            XCTAssertGreaterThanOrEqual(timed.bytes, bytes, "\(threads) threads")
            XCTAssertGreaterThanOrEqual(timed.seconds, 0.05, "\(threads) threads")
            XCTAssertEqual(timed.checksum, once.checksum, "\(threads) threads")
        }
        XCTAssertEqual(Set(sums).count, 1)
        // No pieces: nothing measured, no hang.
        XCTAssertEqual(Benchmark.measure(.restore, restorer: restorer, pieces: [], words: 0, threads: 2, minimumSeconds: 0).bytes, 0)
    }
}
