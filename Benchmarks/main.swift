// unspin-bench: restores fixed inputs with the default data, checks the outputs against
// expected checksums (so a change that is fast but wrong fails), and measures throughput
// against the speed goals. See Benchmarks/README.md.
//
//     swift build -c release --product unspin-bench && .build/release/unspin-bench
//     .build/release/unspin-bench --update      # after an intended change of outputs
import Foundation
import Unspin

let inputsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Inputs").path
let checksumsPath = inputsDirectory + "/expected-checksums.tsv"

var update = false
var seconds = 2.0
var jobs = ProcessInfo.processInfo.activeProcessorCount
var lmPaths: [String] = []
var arguments = Array(CommandLine.arguments.dropFirst())
while let a = arguments.first {
    arguments.removeFirst()
    switch a {
    case "--update": update = true
    case "--seconds": seconds = Double(arguments.removeFirst()) ?? seconds
    case "--jobs": jobs = Int(arguments.removeFirst()) ?? jobs
    case "--lm": lmPaths.append(arguments.removeFirst())
    case "--help", "-h":
        print("""
        usage: unspin-bench [--update] [--seconds S] [--jobs N]
               unspin-bench --lm MODEL [--lm MODEL...] [--seconds S]   (language-model queries only)
        """)
        exit(0)
    default:
        FileHandle.standardError.write("unspin-bench: unknown argument '\(a)'\n".data(using: .utf8)!)
        exit(2)
    }
}

// Only the language models named: queries per second on one fixed query stream, the models'
// rounds alternating (Benchmarks/LMBenchmark.swift).
if !lmPaths.isEmpty {
    exit(compareLMs(lmPaths, seconds: seconds) ? 0 : 1)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write("unspin-bench: \(message)\n".data(using: .utf8)!)
    exit(1)
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

// 1. Load the default data.
let loadStart = now()
let restorer: Restorer
do { restorer = try Restorer.loadDefault() } catch { fail("cannot load the default data: \(error)") }
let loadSeconds = now() - loadStart

// 2. The fixed inputs: the shipped corpus, Inputs/*.txt and Inputs/*.jsonl.
var inputs: [(name: String, bytes: [UInt8], jsonl: Bool)] = [("shipped-corpus", Array(BenchmarkCorpus.text.utf8), false)]
let names = ((try? FileManager.default.contentsOfDirectory(atPath: inputsDirectory)) ?? []).sorted()
for n in names where n.hasSuffix(".txt") || n.hasSuffix(".jsonl") {
    guard let d = FileManager.default.contents(atPath: inputsDirectory + "/" + n) else { fail("\(n): cannot read") }
    inputs.append((n, [UInt8](d), n.hasSuffix(".jsonl")))
}

/// The output of an input exactly as `unspin batch` writes it (1 MiB pieces), its checksum and edit count.
func restoreInput(_ bytes: [UInt8], jsonl: Bool) -> (checksum: UInt64, edits: Int) {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    var edits = 0
    if jsonl {
        let r = PieceResult.lines(bytes, field: Array("text".utf8), includeEdits: true, restore: restorer.restoreFunction)
        edits = r.edits
        h = r.output.withUnsafeBufferPointer { Benchmark.fnv1a($0, h) }
    } else {
        for piece in Benchmark.pieces(of: bytes) {
            let r = PieceResult.text(piece, restore: restorer.restoreFunction)
            edits += r.edits
            h = r.output.withUnsafeBufferPointer { Benchmark.fnv1a($0, h) }
        }
    }
    return (h, edits)
}

// 3. Check the outputs.
var expected: [String: (String, Int)] = [:]
if let text = try? String(contentsOfFile: checksumsPath, encoding: .utf8) {
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let f = line.split(separator: "\t").map(String.init)
        if f.count == 3, let e = Int(f[2]) { expected[f[0]] = (f[1], e) }
    }
}
var table = "# input<TAB>FNV-1a 64 of the output (hex)<TAB>edits; regenerate with unspin-bench --update\n"
var wrong = 0
for input in inputs {
    let (sum, edits) = restoreInput(input.bytes, jsonl: input.jsonl)
    let hex = String(sum, radix: 16)
    table += "\(input.name)\t\(hex)\t\(edits)\n"
    if update { continue }
    guard let (want, wantEdits) = expected[input.name] else {
        print("FAIL \(input.name): no expected checksum (run unspin-bench --update once the output is checked)")
        wrong += 1
        continue
    }
    if want != hex || wantEdits != edits {
        print("FAIL \(input.name): output checksum \(hex) with \(edits) edits, expected \(want) with \(wantEdits) edits")
        wrong += 1
    } else {
        print("ok   \(input.name): \(hex), \(edits) edits")
    }
}
if update {
    do { try table.write(toFile: checksumsPath, atomically: true, encoding: .utf8) } catch { fail("cannot write \(checksumsPath): \(error)") }
    print("wrote \(checksumsPath)")
}

// 4. Throughput of the full restore on the shipped corpus, one thread and all cores.
let corpus = Array(BenchmarkCorpus.text.utf8)
let pieces = Benchmark.pieces(of: corpus, size: max(4096, corpus.count / (8 * jobs)))
let words = Benchmark.wordCount(corpus)
let one = Benchmark.measure(.restore, restorer: restorer, pieces: pieces, words: words, threads: 1, minimumSeconds: seconds)
let all = Benchmark.measure(.restore, restorer: restorer, pieces: pieces, words: words, threads: jobs, minimumSeconds: seconds)
if one.checksum != all.checksum {
    print("FAIL restore on \(jobs) threads gave other output than on one")
    wrong += 1
}
let speedup = all.megabytesPerSecond / max(one.megabytesPerSecond, 1e-9)
func f(_ x: Double, _ d: Int = 1) -> String { ProgressFormat.fixed(x, d) }
func goal(_ ok: Bool) -> String { ok ? "meets the goal" : "BELOW the goal" }
print("""

load (default dictionary + model): \(f(loadSeconds * 1000)) ms  (\(goal(loadSeconds <= 0.05)) of ≤ 50 ms start-up)
restore, 1 thread:  \(f(one.megabytesPerSecond)) MB/s, \(ProgressFormat.count(Int(one.wordsPerSecond))) words/s, \(f(one.megabytesPerCPUSecond)) MB per CPU-second  (\(goal(one.megabytesPerSecond >= 30)) of ≥ 30 MB/s)
restore, \(jobs) threads: \(f(all.megabytesPerSecond)) MB/s, speed-up \(f(speedup, 2))×, \(f(all.megabytesPerCPUSecond)) MB per CPU-second  (\(goal(jobs < 2 || speedup >= 1.8)) of ≥ 1.8× on two cores)
peak memory: \(f(Double(Benchmark.peakMemoryBytes()) / 1e6)) MB
(MB per CPU-second is the speed of one core even when other programs share the machine.)
""")
// 5. The language model on its own (Benchmarks/LMBenchmark.swift).
print("")
runLMBenchmark(seconds: seconds)
#if DEBUG
print("(a debug build: measure with swift build -c release)")
#endif
exit(wrong > 0 ? 1 : 0)
