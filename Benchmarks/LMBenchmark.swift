// The language-model benchmark: load time, queries per second on one thread, bytes per n-gram,
// resident and peak memory. Call `runLMBenchmark(modelPath:seconds:)` from the benchmark's main.
import Foundation
import Unspin

/// Resident set size now, in bytes (from /proc/self/statm).
private func lmResidentBytes() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let f = s.split(separator: " ")
    return f.count > 1 ? (Int(f[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// Peak resident set size so far, in bytes.
private func lmPeakBytes() -> Int {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return u.ru_maxrss * 1024
}

private func lmNow() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// CPU time of this thread, in seconds (a fairer clock than the wall on a shared machine).
private func lmThreadCPU() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Measures the model at `modelPath` (default: the model named by the default data) and prints
/// a report. Queries are the words of the shipped benchmark corpus, sentence by sentence with
/// the state carried word to word (`</s>` included), repeated for `seconds`.
/// Returns the single-threaded queries per second.
@discardableResult
func runLMBenchmark(modelPath: String? = nil, seconds duration: Double = 2) -> Double {
    let path: String
    if let p = modelPath { path = p } else {
        do { path = try DefaultData.locate().model } catch {
            FileHandle.standardError.write("lm benchmark: \(error)\n".data(using: .utf8)!)
            return 0
        }
    }
    let rssBefore = lmResidentBytes()
    // Load: the first load may read the file from disk; then the median of 9 (page cache warm).
    var loads: [Double] = []
    var model: NGramModel! = nil
    for _ in 0..<10 {
        let t = lmNow()
        do { model = try NGramModel.load(path: path) } catch {
            FileHandle.standardError.write("lm benchmark: \(error)\n".data(using: .utf8)!)
            return 0
        }
        loads.append(lmNow() - t)
    }
    let firstLoad = loads[0]
    let warmLoad = loads.dropFirst().sorted()[4]
    let rssAfterLoad = lmResidentBytes()

    // The workload: word ids per sentence.
    var sentences: [[UInt32]] = []
    let text = Array(BenchmarkCorpus.text.utf8)
    text.withUnsafeBufferPointer { b in
        LMSentenceSplitter(tokenized: false).forEachSentence(b) { words in
            sentences.append(words.map { model.index(of: $0) } + [model.endSentenceWord])
        }
    }
    let perPass = sentences.reduce(0) { $0 + $1.count }

    func pass(_ m: some LanguageModel) -> Float {
        var sum: Float = 0
        for s in sentences {
            var state = m.beginSentenceState()
            var next = LMState()
            for w in s {
                sum += m.score(state, w, next: &next)
                state = next
            }
        }
        return sum
    }
    // One untimed pass first: it faults the model's pages in.
    let coldStart = lmNow()
    let coldSum = pass(model)
    let coldPass = lmNow() - coldStart
    let rssAfterFirstPass = lmResidentBytes()

    /// Queries per second: the best and the median of 5 rounds by the wall clock, and the
    /// rate per second of this thread's CPU time (the machine may be shared).
    func run(_ m: some LanguageModel) -> (best: Double, median: Double, cpu: Double, sum: Float) {
        var rates: [Double] = []
        var sum: Float = coldSum * 0
        var allQueries = 0
        let cpuStart = lmThreadCPU()
        for _ in 0..<5 {
            var queries = 0
            let start = lmNow()
            var elapsed = 0.0
            repeat {
                sum += pass(m)
                queries += perPass
                elapsed = lmNow() - start
            } while elapsed < duration / 5
            rates.append(Double(queries) / elapsed)
            allQueries += queries
        }
        let cpu = Double(allQueries) / (lmThreadCPU() - cpuStart)
        rates.sort()
        return (rates[4], rates[2], cpu, sum)
    }
    let direct = run(model)
    let existential: any LanguageModel = model
    let viaProtocol = run(existential)
    let checksum = direct.sum
    let ngrams = model.counts.reduce(0, +)

    print("language model: \(path)")
    print("  order \(model.order), n-grams \(model.counts.map(String.init).joined(separator: " / ")), \(model.byteSize) bytes")
    print(String(format: "  bytes per n-gram:        %.1f", Double(model.byteSize) / Double(ngrams)))
    print(String(format: "  load (mmap):             %.2f ms first, %.3f ms warm (goal ≤ 50 ms)", firstLoad * 1e3, warmLoad * 1e3))
    print(String(format: "  queries/s, one thread:   %.2f M best, %.2f M median, %.2f M per CPU second (concrete type); goal ≥ 10 M",
                 direct.best / 1e6, direct.median / 1e6, direct.cpu / 1e6))
    print(String(format: "                           %.2f M best, %.2f M median, %.2f M per CPU second (any LanguageModel)",
                 viaProtocol.best / 1e6, viaProtocol.median / 1e6, viaProtocol.cpu / 1e6))
    print("  workload: \(sentences.count) sentences, \(perPass) queries a pass (shipped benchmark corpus); score sum \(checksum)")
    print(String(format: "  first pass (page faults): %.2f ms for %d queries", coldPass * 1e3, perPass))
    print(String(format: "  resident: %.1f MB before load, %.1f MB after load, %.1f MB after the first pass, %.1f MB at the end; peak %.1f MB",
                 Double(rssBefore) / 1e6, Double(rssAfterLoad) / 1e6, Double(rssAfterFirstPass) / 1e6,
                 Double(lmResidentBytes()) / 1e6, Double(lmPeakBytes()) / 1e6))
    return direct.best
}

/// `unspin-bench --lm MODEL...`: loads every model, then times the same query stream (the
/// words of the shipped benchmark corpus, sentence by sentence, `</s>` included, each model
/// with its own word ids) on each in turn, 7 rounds of `seconds / 7` per model with the
/// models alternating, so that the shared machine's drift touches them alike. Prints for each
/// model the load time, its size and the queries per second of this thread's CPU time
/// (lowest, median, highest round) and of the wall clock (median). Returns false when a model
/// does not load.
func compareLMs(_ paths: [String], seconds duration: Double) -> Bool {
    var models: [NGramModel] = []
    var loadMs: [Double] = []
    for path in paths {
        do {
            _ = try NGramModel.load(path: path)  // page cache
            var best = Double.infinity
            var m: NGramModel! = nil
            for _ in 0..<5 {
                let t = lmNow()
                m = try NGramModel.load(path: path)
                best = min(best, lmNow() - t)
            }
            models.append(m)
            loadMs.append(best * 1e3)
        } catch {
            FileHandle.standardError.write("unspin-bench --lm: \(error)\n".data(using: .utf8)!)
            return false
        }
    }
    var words: [[UInt8]] = []
    var sentenceEnds: [Int] = []
    let text = Array(BenchmarkCorpus.text.utf8)
    text.withUnsafeBufferPointer { b in
        LMSentenceSplitter(tokenized: false).forEachSentence(b) { ws in
            for w in ws { words.append(Array(w)) }
            sentenceEnds.append(words.count)
        }
    }
    // Per model: the word ids, with -1 ... as UInt32.max marking a sentence end.
    let streams: [[UInt32]] = models.map { m in
        var out: [UInt32] = []
        var k = 0
        for (i, w) in words.enumerated() {
            out.append(w.withUnsafeBufferPointer { m.index(of: $0) })
            if k < sentenceEnds.count && sentenceEnds[k] == i + 1 {
                out.append(m.endSentenceWord); out.append(UInt32.max); k += 1
            }
        }
        return out
    }
    let perPass = streams[0].count - sentenceEnds.count
    func pass(_ m: NGramModel, _ stream: [UInt32]) -> Float {
        var sum: Float = 0
        var state = m.beginSentenceState()
        var next = LMState()
        for w in stream {
            if w == UInt32.max { state = m.beginSentenceState(); continue }
            sum += m.score(state, w, next: &next)
            state = next
        }
        return sum
    }
    var sums = [Float](repeating: 0, count: models.count)
    for i in models.indices { sums[i] = pass(models[i], streams[i]) }  // pages in
    // FNV-1a of every score's bits and every next state, to tell a change of results.
    let digests: [UInt64] = models.indices.map { i in
        let m = models[i]
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ x: UInt32) { h = (h ^ UInt64(x)) &* 0x0000_0100_0000_01B3 }
        var state = m.beginSentenceState()
        var next = LMState()
        for w in streams[i] {
            if w == UInt32.max { state = m.beginSentenceState(); continue }
            mix(m.score(state, w, next: &next).bitPattern)
            mix(UInt32(next.length)); mix(next.w0); mix(next.w1); mix(next.w2); mix(next.w3)
            state = next
        }
        return h
    }
    let rounds = 7
    var cpuRates = [[Double]](repeating: [], count: models.count)
    var wallRates = [[Double]](repeating: [], count: models.count)
    for _ in 0..<rounds {
        for i in models.indices {
            var queries = 0
            let start = lmNow(), cpuStart = lmThreadCPU()
            var elapsed = 0.0
            var s: Float = 0
            repeat {
                s += pass(models[i], streams[i])
                queries += perPass
                elapsed = lmNow() - start
            } while elapsed < duration / Double(rounds)
            cpuRates[i].append(Double(queries) / max(lmThreadCPU() - cpuStart, 1e-9))
            wallRates[i].append(Double(queries) / elapsed)
            if s.isNaN { print("NaN") }
        }
    }
    print("language-model queries: \(perPass) a pass (shipped benchmark corpus), \(rounds) alternating rounds")
    print("  M queries/s per CPU-s: lowest / median / highest round; wall median; warm load; size; score sum of a pass; digest of scores and states")
    for i in models.indices {
        let c = cpuRates[i].sorted(), w = wallRates[i].sorted()
        let ngrams = models[i].counts.reduce(0, +)
        print("  \(paths[i])" + String(format: " (v%d, %d n-grams): %.2f / %.2f / %.2f; wall %.2f; load %.2f ms; %.1f MB (%.1f B/n-gram); sum %.4f; digest %016llx",
                     models[i].format == .compact ? 2 : 1, ngrams,
                     c[0] / 1e6, c[rounds / 2] / 1e6, c[rounds - 1] / 1e6, w[rounds / 2] / 1e6,
                     loadMs[i], Double(models[i].byteSize) / 1e6, Double(models[i].byteSize) / Double(ngrams), Double(sums[i]), digests[i]))
    }
    print(String(format: "  peak resident %.1f MB", Double(lmPeakBytes()) / 1e6))
    return true
}
