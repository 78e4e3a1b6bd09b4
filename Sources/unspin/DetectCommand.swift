import Foundation
import Unspin

let detectCommand = CommandSpec(
    name: "detect",
    summary: "Screen inputs for spun text: the probability that each input is spun.",
    usage: "[options] [FILE|DIR...]",
    discussion: """
    Reads each FILE (standard input when none is given, or for '-'; directories are walked
    like 'unspin batch' does) and writes one line per input: PROBABILITY<TAB>PATH, the
    probability (4 decimals) that the input is spun. With --json, one JSON object per input
    with the suspect phrases: the edits the restorer would make if the input were spun
    (decoded as with 'restore --every-input'), each with its byte offsets, likely original,
    kind ("tortured" when the candidate came from a tortured-phrases table, else "spin") and
    "confidence" = probability(logOdds: margin), a proxy from the edit's log10 margin (not a
    calibrated posterior). "suspect" counts the phrases with confidence >= 0.5.
    Exit status as grep: 0 if any input is flagged (probability >= --threshold), 1 if none,
    2 on an error (a bad input is named on standard error, the others still run).
    """,
    options: [
        OptionSpec(name: "json", help: "Write one JSON object per input: path, spin_probability, spun_log_odds, words, suspect, phrases."),
        OptionSpec(name: "threshold", value: "P", help: "Inputs whose spin probability is at least P are flagged (default 0.5)."),
        OptionSpec(name: "flagged-only", help: "Print only flagged inputs."),
        OptionSpec(name: "jobs", short: "j", value: "N", help: "Screen on N threads (default: the number of cores)."),
    ] + restorerOptions.filter { $0.name != "every-input" },
    run: runDetect
)

/// One screened input, ready to print.
struct DetectResult {
    var line: [UInt8] = []
    var flagged = false
    var error: String? = nil
}

/// The confidence proxy of a suspect phrase: the probability its log10 margin stands for.
func phraseConfidence(_ e: Edit) -> Double { probability(logOdds: e.margin) }

/// The kind of a suspect phrase, from the table its candidate came from.
func phraseKind(_ e: Edit) -> String { e.table.contains("tortured") ? "tortured" : "spin" }

/// Formats one input's screening result (default or --json line).
func detectLine(path: String, result r: Restoration, json: Bool) -> [UInt8] {
    guard json else { return Array("\(Edit.format(r.spinProbability))\t\(path)\n".utf8) }
    var out: [UInt8] = Array("{\"path\":".utf8)
    out.append(contentsOf: JSONString.quoted(path))
    let suspect = r.edits.filter { phraseConfidence($0) >= 0.5 }.count
    out.append(contentsOf: Array(",\"spin_probability\":\(Edit.format(r.spinProbability)),\"spun_log_odds\":\(Edit.format(r.spunLogOdds)),\"words\":\(r.words),\"suspect\":\(suspect),\"phrases\":[".utf8))
    for (i, e) in r.edits.enumerated() {
        if i > 0 { out.append(0x2C) }
        out.append(contentsOf: Array("{\"start\":\(e.range.lowerBound),\"end\":\(e.range.upperBound),\"spun\":".utf8))
        out.append(contentsOf: JSONString.quoted(e.spun))
        out.append(contentsOf: Array(",\"original\":".utf8))
        out.append(contentsOf: JSONString.quoted(e.replacement))
        out.append(contentsOf: Array(",\"confidence\":\(Edit.format(phraseConfidence(e))),\"kind\":\"\(phraseKind(e))\",\"table\":".utf8))
        out.append(contentsOf: JSONString.quoted(e.table))
        out.append(0x7D)
    }
    out.append(contentsOf: Array("]}\n".utf8))
    return out
}

func runDetect(_ args: ParsedArguments) throws -> Int32 {
    let threshold = try args.double("threshold", expects: "a probability from 0 to 1", where: { $0 >= 0 && $0 <= 1 }) ?? 0.5
    let jobs = try jobsOption(args)
    let json = args.flag("json"), flaggedOnly = args.flag("flagged-only")
    // Suspect phrases (--json) are the edits made were the input spun: decode with the
    // decision open. The probability is the same either way (it is weighed before the
    // decision), so without --json the gate stays on and clean text skips the later passes.
    var forced = args
    if json { forced.flags.insert("every-input") }
    let restorer: Restorer
    do { restorer = try makeRestorer(forced) } catch let e as CommandFailure {
        printError("unspin: \(e.message)")
        return 2
    }
    // Expand the inputs (files, directories, patterns) in order; failures keep their place.
    var items: [(path: String, error: String?)] = []
    let walker = InputWalker()
    for arg in args.positionals.isEmpty ? ["-"] : args.positionals {
        if arg == "-" { items.append(("-", nil)); continue }
        walker.walk(arg) { item in
            switch item {
            case .file(let path, _, _): items.append((path, nil))
            case .failure(let path, let message): items.append((path, message))
            case .note(let path, let message): printError("unspin: \(path): \(message)")
            }
        }
    }
    var anyFlagged = false, failed = false
    // Screen in groups of inputs, each group on all threads, printed in input order.
    let group = max(1, jobs) * 8
    var start = 0
    while start < items.count {
        let slice = Array(items[start..<min(items.count, start + group)])
        start += slice.count
        let results = UnsafeMutableBufferPointer<DetectResult>.allocate(capacity: slice.count)
        results.initialize(repeating: DetectResult())
        defer { results.deallocate() }
        let box = SendableResults(results)
        let threads = min(jobs, slice.count)
        DispatchQueue.concurrentPerform(iterations: threads) { w in
          for i in stride(from: w, to: slice.count, by: threads) {
            let (path, error) = slice[i]
            if let error { box.buffer[i].error = "\(path): \(error)"; continue }
            let bytes: [UInt8]
            do { bytes = try readInput(path) } catch { box.buffer[i].error = "\(error)"; continue }
            let r = restorer.restore(bytes: bytes)
            box.buffer[i].flagged = r.spinProbability >= threshold
            if !flaggedOnly || box.buffer[i].flagged { box.buffer[i].line = detectLine(path: path, result: r, json: json) }
          }
        }
        for r in results {
            if let e = r.error { fflush(stdout); printError("unspin: \(e)"); failed = true; continue }
            if r.flagged { anyFlagged = true }
            r.line.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, stdout) }
        }
    }
    return failed ? 2 : anyFlagged ? 0 : 1
}

/// The results buffer, shared by the worker threads (each writes only its own slot).
final class SendableResults: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<DetectResult>
    init(_ b: UnsafeMutableBufferPointer<DetectResult>) { buffer = b }
}
