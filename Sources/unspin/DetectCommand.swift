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
    HTML pages (--format html, or .html/.htm by name or a leading tag by content) are screened
    on their text nodes, as 'restore --format html' reads them; phrase offsets are byte offsets
    in the page. With --jsonl, each JSON Lines record gets "spin_probability",
    "spun_log_odds" and "words" (with --edits also "suspect" and "phrases", offsets in the
    field's value), its other bytes kept; records stream on --jobs threads, in order.
    Exit status as grep: 0 if any input (or record) is flagged (probability >= --threshold),
    1 if none, 2 on an error (a bad input is named on standard error, the others still run).
    """,
    options: [
        OptionSpec(name: "json", help: "Write one JSON object per input: path, spin_probability, spun_log_odds, words, suspect, phrases."),
        OptionSpec(name: "threshold", value: "P", help: "Inputs whose spin probability is at least P are flagged (default 0.5)."),
        OptionSpec(name: "flagged-only", help: "Print only flagged inputs (with --jsonl: only flagged records)."),
        OptionSpec(name: "format", value: "FORMAT", help: """
            What the inputs hold: auto (default: html by name or content, else text), text, html \
            (the text nodes are screened) or jsonl (as --jsonl). WET is not screened: extract the \
            records first.
            """),
        OptionSpec(name: "jsonl", help: "Input is JSON Lines: screen one string field per record and add the detection fields to it; streams record by record."),
        OptionSpec(name: "field", value: "NAME", help: "With --jsonl, the field to screen (default text)."),
        OptionSpec(name: "edits", help: "With --jsonl, also add \"suspect\" and the \"phrases\" array to each record."),
        OptionSpec(name: "jobs", short: "j", value: "N", help: "Screen on N threads (default: the number of cores)."),
        OptionSpec(name: "neighbours", value: "TABLE", help: """
            Thesaurus neighbours for the spinner-agnostic evidence (words whose neighbour the model \
            prefers in context), or 'none'. Default: the default data's table with its detect \
            calibration, when the default model is used; none with --model.
            """),
        OptionSpec(name: "any-spinner", help: """
            With --json (or --edits): for inputs whose spin log10 odds are above 2 \
            (--any-spinner-odds), the phrases come from a restore with the open thesaurus \
            candidates too, so that text of other spinners is explained as well (the \
            probabilities do not change; such inputs are decoded twice).
            """),
    ] + restorerOptions.filter { !["every-input", "any-spinner", "open-candidates", "open-known-spins"].contains($0.name) },
    run: runDetect
)

/// One screened input, ready to print.
struct DetectResult {
    var line: [UInt8] = []
    var flagged = false
    var error: String? = nil
}

/// Formats one input's screening result (default or --json line); the JSON object is
/// `DetectReport`'s, the same members `detect --jsonl` adds to records.
func detectLine(path: String, result r: Restoration, json: Bool) -> [UInt8] {
    guard json else { return Array("\(Edit.format(r.spinProbability))\t\(path)\n".utf8) }
    return DetectReport.line(path: path, result: r)
}

/// The restorer detect screens with: restore's options, the decision open with `everyInput`
/// (for the suspect phrases), and the neighbour table (`--neighbours`, else the default data's
/// when the default model is used) with the default data's detect calibration (unless
/// `--calibration` is given, or no table is used).
func makeDetector(_ args: ParsedArguments, everyInput: Bool) throws -> Restorer {
    var forced = args
    if everyInput { forced.flags.insert("every-input") }
    let defaultModel = args.value("model") == nil
    let given = args.value("neighbours")
    let d = defaultModel ? try? DefaultData.locate() : nil
    let path = given == "none" ? nil : given ?? d?.neighbours
    if args.flag("any-spinner") && path == nil {
        throw UsageError(message: "--any-spinner needs the neighbour evidence: give --neighbours TABLE (the default data's is used only with the default model)")
    }
    let table = try path.map { try NeighbourTable(contentsOfFile: $0) }
    return try makeRestorer(forced) { o in
        o.neighbours = table
        if table != nil && o.calibration == nil, let c = d?.detectCalibration { o.calibration = c }
    }
}

/// Reads detect's `--format` (and `--jsonl`): auto, text, html or jsonl.
func detectFormat(_ args: ParsedArguments) throws -> DocumentFormat {
    guard let v = args.value("format") else { return args.flag("jsonl") ? .jsonl : .auto }
    guard let f = DocumentFormat(rawValue: v), f != .wet else {
        throw UsageError(message: v == "wet"
            ? "detect does not read WET: screen the records' text (for example as JSON Lines with --jsonl)"
            : "--format expects auto, text, html or jsonl, got '\(v)'")
    }
    if args.flag("jsonl") && f != .jsonl { throw UsageError(message: "--jsonl and --format \(v) cannot be combined") }
    return f
}

func runDetect(_ args: ParsedArguments) throws -> Int32 {
    // Errors other than usage errors exit 2 too (1 means "nothing flagged").
    do { return try screenInputs(args) } catch let e as UsageError { throw e } catch {
        printError("unspin: \(error)")
        return 2
    }
}

func screenInputs(_ args: ParsedArguments) throws -> Int32 {
    let threshold = try args.double("threshold", expects: "a probability from 0 to 1", where: { $0 >= 0 && $0 <= 1 }) ?? 0.5
    let jobs = try jobsOption(args)
    let json = args.flag("json"), flaggedOnly = args.flag("flagged-only")
    let format = try detectFormat(args)
    if format == .jsonl { return try runDetectJSONLines(args, threshold: threshold, jobs: jobs) }
    _ = try jsonLinesOption(args)
    // Suspect phrases (--json) are the edits made were the input spun: decode with the
    // decision open. The probability is the same either way (it is weighed before the
    // decision), so without --json the gate stays on and clean text skips the later passes.
    let restorer = try makeDetector(args, everyInput: json)
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
            var kind = format == .auto ? DocumentFormat.detect(path: path) : format
            if kind == .wet { box.buffer[i].error = "\(path): WET is not screened (screen the records' text, for example as JSON Lines with --jsonl)"; continue }
            if kind == .jsonl {
                if format == .auto && path != "-" && !path.lowercased().hasSuffix(".jsonl") && !path.lowercased().hasSuffix(".ndjson") {
                    kind = .text   // a text file that happens to start with an object: screened as text
                } else {
                    box.buffer[i].error = "\(path): JSON Lines (give --jsonl to screen each record)"; continue
                }
            }
            let bytes: [UInt8]
            do { bytes = try readInput(path) } catch { box.buffer[i].error = "\(error)"; continue }
            let r = kind == .html ? restorer.restore(html: bytes) : restorer.restore(bytes: bytes)
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

/// `unspin detect --jsonl [FILE...]`: each record of each FILE (standard input when none)
/// screened and written with the detection fields added, streaming (restore's JSON Lines
/// machinery: `StreamRestore` in screening mode).
func runDetectJSONLines(_ args: ParsedArguments, threshold: Double, jobs: Int) throws -> Int32 {
    guard var options = try jsonLinesOption(args, forced: true) else { return 2 }
    if args.flag("json") { throw UsageError(message: "--jsonl cannot be combined with --json") }
    options.screen = threshold
    options.flaggedOnly = args.flag("flagged-only")
    let inputs = args.positionals.isEmpty ? ["-"] : args.positionals
    for p in inputs where p != "-" {
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: p, isDirectory: &isDir) { throw CommandFailure(message: "\(p): no such file") }
        if isDir.boolValue { throw CommandFailure(message: "\(p): is a directory (give the JSON Lines files)") }
    }
    let restorer = try makeDetector(args, everyInput: options.includeEdits)
    let (failed, flagged) = streamInputs(inputs, restorer: restorer, jobs: jobs, format: .jsonLines(options))
    return failed ? 2 : flagged > 0 ? 0 : 1
}

/// The results buffer, shared by the worker threads (each writes only its own slot).
final class SendableResults: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<DetectResult>
    init(_ b: UnsafeMutableBufferPointer<DetectResult>) { buffer = b }
}
