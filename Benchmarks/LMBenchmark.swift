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
