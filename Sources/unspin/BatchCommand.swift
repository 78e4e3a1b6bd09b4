import Foundation
import Unspin

let batchCommand = CommandSpec(
    name: "batch",
    summary: "Restore many files, or JSON Lines, into an output directory, in parallel.",
    usage: "INPUT... --out DIR [options]",
    discussion: """
    Each INPUT is a file, a directory (walked recursively; the output tree mirrors it, with
    the same file names) or a glob pattern in quotes ('data/*/part-*.txt', '**' for any depth).
    Outputs are written atomically (a temporary file renamed when complete). Inputs that
    cannot be read, are binary, or hold lines that are not JSON records are reported with
    their path (and line) and the batch goes on; the exit status is 1 if any input failed.
    With --resume, inputs whose output a previous run (killed or not) finished are skipped.
    Memory stays bounded whatever the corpus: large files are restored in pieces cut at
    paragraph breaks, in parallel, and written in order.
    """,
    options: [
        OptionSpec(name: "out", short: "o", value: "DIR", help: "Write outputs under DIR (created if missing; not inside an input directory)."),
        formatOption,
        OptionSpec(name: "jsonl", help: "Inputs are JSON Lines: restore one string field of each record, keep every other byte."),
        OptionSpec(name: "field", value: "NAME", help: "With --jsonl, the field to restore (default text)."),
        OptionSpec(name: "edits", help: "With --jsonl, add an \"edits\" array to each record (byte offsets in the field)."),
        OptionSpec(name: "jobs", short: "j", value: "N", help: "Restore on N threads (default: the number of cores)."),
        OptionSpec(name: "resume", help: "Skip inputs whose output an earlier run with the same options finished."),
        OptionSpec(name: "quiet", short: "q", help: "No progress line and no summary (failures are still reported)."),
        OptionSpec(name: "json", help: "Print the summary as JSON on standard output."),
    ] + restorerOptions,
    run: runBatch
)

/// Reads `--jobs` (default: the core count).
func jobsOption(_ args: ParsedArguments) throws -> Int {
    guard let j = try args.int("jobs") else { return ProcessInfo.processInfo.activeProcessorCount }
    guard j >= 1 else { throw UsageError(message: "--jobs expects a whole number ≥ 1, got '\(j)'") }
    return j
}

/// Reads `--jsonl` (or `forced`: the input is JSON Lines by `--format`), `--field` and `--edits`.
func jsonLinesOption(_ args: ParsedArguments, forced: Bool = false) throws -> JSONLinesOptions? {
    guard args.flag("jsonl") || forced else {
        if args.value("field") != nil { throw UsageError(message: "--field needs --jsonl") }
        if args.flag("edits") { throw UsageError(message: "--edits needs --jsonl") }
        return nil
    }
    let field = args.value("field") ?? "text"
    guard !field.isEmpty else { throw UsageError(message: "--field needs a field name") }
    return JSONLinesOptions(field: field, includeEdits: args.flag("edits"))
}

/// Path, size and modification time of every data file the restorer will load (given with
/// --dictionary/--model, or the default data), so that --resume redoes outputs made with
/// other data.
func dataFingerprint(_ args: ParsedArguments) -> [String] {
    var paths = args.all("dictionary") + (args.value("model").map { [$0] } ?? [])
    if args.all("dictionary").isEmpty || args.value("model") == nil, let d = try? DefaultData.locate() {
        paths += d.tables.map(\.path) + [d.model] + (d.compiled.map { [$0] } ?? [])
    }
    return paths.map { p in
        var st = stat()
        guard stat(p, &st) == 0 else { return "data=\(p) missing" }
        return "data=\(p) \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }
}

func runBatch(_ args: ParsedArguments) throws -> Int32 {
    guard !args.positionals.isEmpty else { throw UsageError(message: "no INPUT given") }
    guard let out = args.value("out") else { throw UsageError(message: "--out DIR is required") }
    let format = try documentFormat(args)
    var options = BatchOptions(inputs: args.positionals, outputDirectory: out,
                               jsonLines: try jsonLinesOption(args, forced: format == .jsonl), jobs: try jobsOption(args))
    options.format = format
    options.resume = args.flag("resume")
    options.progress = !args.flag("quiet") && isatty(2) != 0
    // Everything that changes outputs, so --resume redoes work made with other settings.
    var settings = ["unspin \(unspinVersion)"]
    for o in restorerOptions {
        if o.value == nil { if args.flag(o.name) { settings.append(o.name) } }
        for v in args.all(o.name) { settings.append("\(o.name)=\(v)") }
    }
    settings += dataFingerprint(args)
    options.settings = settings.joined(separator: "\u{1}")
    let runner = BatchRunner(options: options, restore: { _ in fatalError("restorer not loaded") }, report: { _ in })
    do { try runner.checkArguments() } catch { throw UsageError(message: error.description) }

    let restorer = try makeRestorer(args, explains: args.flag("edits"))
    let batch = BatchRunner(options: options, restore: restorer.restoreFunction, report: { printError("unspin: " + $0) })
    let summary: BatchSummary
    do { summary = try batch.run() } catch {
        switch error {
        case .refused(let m): throw UsageError(message: m)
        case .failed(let m): throw CommandFailure(message: m)
        }
    }
    if args.flag("json") {
        print(summary.json)
    } else if !args.flag("quiet") {
        printError("unspin: " + summary.text)
    }
    return summary.failed > 0 ? 1 : 0
}
