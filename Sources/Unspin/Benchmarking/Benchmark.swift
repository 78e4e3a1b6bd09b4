import Foundation

/// The stages of restoring that `unspin bench` and the `UnspinBenchmarks` target time.
public enum BenchmarkStage: String, CaseIterable, Sendable {
    /// Splitting bytes into tokens.
    case tokenize
    /// Tokenizing, looking words up (in the restorer's word table, as a restore does) and
    /// finding every dictionary phrase in every sentence.
    case match
    /// Tokenizing, folding and scoring every token of every sentence with the language model.
    case score
    /// The full restore (`Restorer.restore(bytes:)`).
    case restore
    /// `unspin detect`'s screening: the same call on a restorer that also checks thesaurus
    /// neighbours (`RestorerOptions.neighbours`); measured with the restorer given for it.
    case detect
}

/// One timed run of a stage.
public struct BenchmarkMeasurement: Sendable {
    public var stage: BenchmarkStage
    public var threads: Int
    /// Bytes and words processed: every piece the stage ran on, in whole passes or not.
    public var bytes: Int
    public var words: Int
    public var seconds: Double
    /// CPU time (user + system) the process spent meanwhile, all threads together.
    public var cpuSeconds: Double
    /// A checksum of the stage's output, equal for any thread count.
    public var checksum: UInt64

    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds / 1e6 : 0 }
    /// Megabytes per second of CPU time: the speed of one core, whatever else the machine runs.
    public var megabytesPerCPUSecond: Double { cpuSeconds > 0 ? Double(bytes) / cpuSeconds / 1e6 : 0 }
    public var wordsPerSecond: Double { seconds > 0 ? Double(words) / seconds : 0 }
}

/// Throughput measurement of the restoring stages over a corpus cut in pieces.
public enum Benchmark {
    /// FNV-1a (64-bit) of `bytes`: a portable checksum of outputs (`Benchmarks/Inputs`).
    /// - Complexity: O(n).
    public static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>, _ seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var h = seed
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Cuts `bytes` into pieces of at most `size` bytes where a batch would (`ChunkCutter`).
    /// - Complexity: O(n).
    public static func pieces(of bytes: [UInt8], size: Int = 1 << 20) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        bytes.withUnsafeBufferPointer { all in
            while start < all.count {
                let end = min(all.count, start + size)
                var cut = end - start
                if end < all.count { cut = ChunkCutter.textCut(UnsafeBufferPointer(rebasing: all[start..<end])) }
                out.append(Array(all[start..<start + cut]))
                start += cut
            }
        }
        return out
    }

    /// Number of word tokens in `bytes`.
    /// - Complexity: O(n).
    public static func wordCount(_ bytes: [UInt8]) -> Int {
        var tokens: [Token] = []
        bytes.withUnsafeBufferPointer { Tokenizer.tokenize($0, into: &tokens) }
        return tokens.reduce(0) { $0 + ($1.kind == .word ? 1 : 0) }
    }

    /// CPU time (user + system) of this process so far, in seconds.
    public static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }

    /// Peak resident memory of this process so far (getrusage), in bytes.
    public static func peakMemoryBytes() -> Int {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return u.ru_maxrss * 1024
    }

    /// Runs `stage` once over one piece and returns a checksum of what it produced.
    /// - Complexity: the stage's cost on the piece.
    public static func run(_ stage: BenchmarkStage, _ restorer: Restorer, _ piece: [UInt8]) -> UInt64 {
        piece.withUnsafeBufferPointer { bytes -> UInt64 in
            switch stage {
            case .tokenize:
                var tokens: [Token] = []
                tokens.reserveCapacity(bytes.count / 3)
                Tokenizer.tokenize(bytes, into: &tokens)
                var h = UInt64(tokens.count)
                for t in tokens { h = Hashing.combine(h, UInt32(t.length) << 8 | UInt32(t.kind.rawValue)) }
                return h
            case .match:
                // The restorer's own matcher: words looked up in its word table (both ids and the
                // first trie step at once), as a restore does.
                var loading = Matcher(dictionary: restorer.dictionary, words: restorer.words, asciiModelID: restorer.asciiModelID)
                loading.load(bytes)
                // A `let`: a method call on a `var` whose arguments also read it copied the
                // whole matcher (a retain and release of each of its arrays) per sentence.
                let m = loading
                let starts = m.sentenceStarts
                var matches: [PhraseMatch] = []
                var h: UInt64 = 0
                for s in 0..<max(0, starts.count - 1) {
                    matches.removeAll(keepingCapacity: true)
                    m.findMatches(starts[s], starts[s + 1], into: &matches)
                    for x in matches { h = Hashing.combine(h, UInt32(truncatingIfNeeded: x.start &* 31 &+ x.length)) }
                }
                return h
            case .score:
                func score<LM: LanguageModel>(_ lm: LM) -> UInt64 {
                    var tokens: [Token] = []
                    Tokenizer.tokenize(bytes, into: &tokens)
                    var fold: [UInt8] = []
                    var state = lm.beginSentenceState()
                    var next = state
                    var total: Double = 0
                    for t in tokens {
                        if t.kind == .space {
                            if t.isParagraphBreak {
                                total += Double(lm.score(state, lm.endSentenceWord, next: &next))
                                state = lm.beginSentenceState()
                            }
                            continue
                        }
                        fold.removeAll(keepingCapacity: true)
                        Folding.fold(UnsafeBufferPointer(rebasing: bytes[t.start..<t.end]), into: &fold)
                        let id = fold.withUnsafeBufferPointer { lm.index(of: $0) }
                        total += Double(lm.score(state, id, next: &next))
                        state = next
                        let b = bytes[t.start]
                        if t.kind == .punctuation && t.length == 1 && (b == 0x2E || b == 0x21 || b == 0x3F) {
                            total += Double(lm.score(state, lm.endSentenceWord, next: &next))
                            state = lm.beginSentenceState()
                        }
                    }
                    return UInt64(bitPattern: Int64((total * 1000).rounded()))
                }
                return score(restorer.model)
            case .restore:
                let r = restorer.restore(bytes: bytes)
                // The fast checksum: byte-at-a-time FNV-1a took about 3% of the measured time.
                return r.bytes.withUnsafeBytes { b in b.baseAddress.map { Hashing.checksum($0, b.count) } ?? 0 }
            case .detect:
                let r = restorer.restore(bytes: bytes)
                return r.spunLogOdds.bitPattern
            }
        }
    }

    /// Times `stage` over `pieces` on `threads` threads until `minimumSeconds` have gone by
    /// (at least one whole pass). The threads are started once and take pieces one after
    /// another, pass after pass, as a batch's workers take a corpus's pieces: no thread start
    /// or wait for the slowest thread at the end of each pass (with small pieces, those cost
    /// up to a tenth of the time measured). The checksum is of the first pass.
    /// - Complexity: the stage's cost on the corpus, times the passes.
    public static func measure(_ stage: BenchmarkStage, restorer: Restorer, pieces: [[UInt8]], words: Int,
                               threads: Int, minimumSeconds: Double) -> BenchmarkMeasurement {
        let bytesPerPass = pieces.reduce(0) { $0 + $1.count }
        final class Shared: @unchecked Sendable {
            var next = 0
            var bytes = 0         // of the pieces finished, in any pass
            var stop = false
            var sums: [UInt64]
            let lock = NSLock()
            init(_ n: Int) { sums = Array(repeating: 0, count: n) }
        }
        let n = pieces.count
        let shared = Shared(n)
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuSeconds()
        let group = DispatchGroup()
        for _ in 0..<max(1, threads) {
            group.enter()
            let t = Thread {
                while n > 0 {
                    shared.lock.lock()
                    // Stop once the time is up and the first pass is handed out.
                    if shared.stop && shared.next >= n { shared.lock.unlock(); break }
                    let i = shared.next
                    shared.next += 1
                    shared.lock.unlock()
                    let h = run(stage, restorer, pieces[i % n])
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    shared.lock.lock()
                    if i < n { shared.sums[i] = h }
                    shared.bytes += pieces[i % n].count
                    if elapsed >= minimumSeconds { shared.stop = true }
                    shared.lock.unlock()
                }
                group.leave()
            }
            t.stackSize = 8 << 20
            t.start()
        }
        group.wait()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let checksum = shared.sums.reduce(0xCBF2_9CE4_8422_2325) { Hashing.combine($0 ^ $1, 0x9E37) }
        // Words in proportion to the bytes restored (passes need not be whole).
        let wordsDone = bytesPerPass == 0 ? 0 : Int((Double(words) * Double(shared.bytes) / Double(bytesPerPass)).rounded())
        return BenchmarkMeasurement(stage: stage, threads: threads, bytes: shared.bytes, words: wordsDone,
                                    seconds: elapsed, cpuSeconds: cpuSeconds() - cpuStart, checksum: checksum)
    }
}
