import Foundation
import Unspin

let benchCommand = CommandSpec(
    name: "bench",
    summary: "Measure restoring throughput, load time and peak memory.",
    usage: "[options] [FILE...]",
    discussion: """
    Times tokenizing, phrase matching, language-model scoring, the full restore and detect's
    screening (restore with the thesaurus-neighbour check, as 'unspin detect' runs it) over the
    FILEs (or, without files, a corpus shipped in Unspin: Wikipedia lead sections, CC BY-SA 4.0,
    and spun-style text of our own), on one thread and on --jobs threads, in MB/s and words/s.
    Inputs are cut in pieces at paragraph breaks as 'unspin batch' does (1 MiB, or smaller so
    that every thread gets several). The threads start once and take piece after piece, pass
    after pass, as a batch's workers do, for at least --seconds and one whole pass (whose
    outputs are checksummed). MB/CPU-s divides by the CPU time used instead of the wall-clock
    time: the speed of one core even on a busy machine. Also reports the time to load the
    dictionary and model and the peak resident memory (getrusage). Use a release build.
    """,
    options: [
        OptionSpec(name: "jobs", short: "j", value: "N", help: "Threads for the parallel runs (default: the number of cores)."),
        OptionSpec(name: "seconds", value: "S", help: "Minimum time per measurement (default 1)."),
        OptionSpec(name: "stage", value: "NAME", repeatable: true, help: "Only this stage: tokenize, match, score, restore or detect (restore with detect's neighbour check, as 'unspin detect' screens)."),
        OptionSpec(name: "json", help: "Print the results as one JSON object."),
        OptionSpec(name: "neighbours", value: "TABLE", help: "The detect stage's neighbour table, or 'none' (default: as 'unspin detect')."),
    ] + restorerOptions,
    run: runBench
)

func runBench(_ args: ParsedArguments) throws -> Int32 {
    let jobs = try jobsOption(args)
    let seconds = try args.double("seconds") ?? 1
    guard seconds >= 0 else { throw UsageError(message: "--seconds expects a number ≥ 0") }
    var stages = BenchmarkStage.allCases
    if !args.all("stage").isEmpty {
        stages = try args.all("stage").map { name in
            guard let s = BenchmarkStage(rawValue: name) else {
                throw UsageError(message: "--stage expects tokenize, match, score, restore or detect, got '\(name)'")
            }
            return s
        }
    }
    // The corpus: the files, or the shipped one.
    var corpus: [UInt8] = []
    var name = "shipped corpus"
    if args.positionals.isEmpty {
        corpus = Array(BenchmarkCorpus.text.utf8)
    } else {
        for p in args.positionals {
            let bytes = try readInput(p)
            corpus.append(contentsOf: bytes)
            if corpus.last != 0x0A { corpus.append(0x0A) }
            corpus.append(0x0A)
        }
        name = args.positionals.joined(separator: " ")
    }
    let loadStart = DispatchTime.now().uptimeNanoseconds
    let restorer = try makeRestorer(args)
    // detect screens with the neighbour table (the default data's, or --neighbours).
    let detector = stages.contains(.detect) ? try makeDetector(args, everyInput: false) : restorer
    let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9
    // Pieces as a batch cuts them (1 MiB), but small enough that every thread has work.
    let pieceSize = max(4096, min(1 << 20, corpus.count / (8 * jobs)))
    let pieces = Benchmark.pieces(of: corpus, size: pieceSize)
    let words = Benchmark.wordCount(corpus)

    var results: [BenchmarkMeasurement] = []
    let threadCounts = jobs == 1 ? [1] : [1, jobs]
    for stage in stages {
        for t in threadCounts {
            results.append(Benchmark.measure(stage, restorer: stage == .detect ? detector : restorer, pieces: pieces, words: words,
                                             threads: t, minimumSeconds: seconds))
        }
    }
    let peak = Benchmark.peakMemoryBytes()
    func f(_ x: Double, _ d: Int) -> String { ProgressFormat.fixed(x, d) }

    if args.flag("json") {
        var s = "{\"corpus\":\(String(decoding: JSONString.quoted(name), as: UTF8.self)),\"bytes\":\(corpus.count)"
        s += ",\"words\":\(words),\"cores\":\(ProcessInfo.processInfo.activeProcessorCount),\"jobs\":\(jobs)"
        s += ",\"load_ms\":\(f(loadSeconds * 1000, 1)),\"peak_memory_bytes\":\(peak),\"stages\":["
        for (i, r) in results.enumerated() {
            if i > 0 { s += "," }
            s += "{\"stage\":\"\(r.stage.rawValue)\",\"threads\":\(r.threads),\"mb_per_second\":\(f(r.megabytesPerSecond, 2))"
            s += ",\"words_per_second\":\(Int(r.wordsPerSecond.rounded())),\"seconds\":\(f(r.seconds, 3))"
            s += ",\"cpu_seconds\":\(f(r.cpuSeconds, 3)),\"mb_per_cpu_second\":\(f(r.megabytesPerCPUSecond, 2))"
            s += ",\"checksum\":\"\(String(r.checksum, radix: 16))\"}"
        }
        s += "]}"
        print(s)
        return 0
    }
    var out = "unspin bench: \(name): \(ProgressFormat.bytes(corpus.count)), \(ProgressFormat.count(words)) words, "
    out += "\(pieces.count) piece\(pieces.count == 1 ? "" : "s"); \(ProcessInfo.processInfo.activeProcessorCount) cores\n"
    out += "load (dictionary + model): \(f(loadSeconds * 1000, 1)) ms\n\n"
    out += "stage      threads       MB/s       words/s   MB/CPU-s\n"
    for r in results {
        let cols = [r.stage.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0),
                    String(r.threads).leftPadded(7), f(r.megabytesPerSecond, 1).leftPadded(11),
                    ProgressFormat.count(Int(r.wordsPerSecond.rounded())).leftPadded(14),
                    f(r.megabytesPerCPUSecond, 1).leftPadded(11)]
        out += cols.joined(separator: "") + "\n"
    }
    for stage in stages where threadCounts.count == 2 {
        let one = results.first { $0.stage == stage && $0.threads == 1 }!
        let all = results.first { $0.stage == stage && $0.threads == jobs }!
        if one.checksum != all.checksum { out += "warning: \(stage.rawValue) gave different results on \(jobs) threads\n" }
        if stage == .restore && one.megabytesPerSecond > 0 {
            out += "\nrestore speed-up on \(jobs) threads: \(f(all.megabytesPerSecond / one.megabytesPerSecond, 2))×\n"
        }
    }
    out += "peak memory: \(f(Double(peak) / 1e6, 1)) MB\n"
    print(out, terminator: "")
    return 0
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
