import Foundation
import Unspin

/// Options shared by every command that restores text (restore, batch, bench).
let restorerOptions: [OptionSpec] = [
    OptionSpec(name: "dictionary", short: "d", value: "PATH", repeatable: true,
               help: "Use this phrase table instead of the default tables."),
    OptionSpec(name: "model", short: "m", value: "PATH", help: "Use this language model (ARPA or binary) instead of the default."),
    OptionSpec(name: "table-weight", value: "NAME=W", repeatable: true,
               help: "Scale table NAME's probabilities by W (0 switches it off), e.g. news-spins=0 or tortured-words=1."),
    OptionSpec(name: "change-penalty", value: "X", help: "log10 cost of each change in a text spun throughout; higher changes less (default 0.2)."),
    OptionSpec(name: "channel-weight", value: "X", help: "Weight of the channel score against the language model (default 1.5)."),
    OptionSpec(name: "spun-prior", value: "X",
               help: "log10 prior odds that an input is spun (default 0); each input is restored only when the evidence plus this is > 0."),
    OptionSpec(name: "calibration", value: "SPEC",
               help: "How evidence becomes the odds that an input is spun: intercept=A,evidence=B,words=C,paragraph=D (default: the default data's; 'none': the evidence itself)."),
    OptionSpec(name: "every-input", help: "Restore every input as if it were spun (no per-input spun-or-not decision)."),
    OptionSpec(name: "ambiguity-margin", value: "X",
               help: "Change a phrase only when its reading beats every other candidate by more than X (log10; default 1.5; 0 turns the check off)."),
    OptionSpec(name: "sparse-penalty", value: "X",
               help: "Add X to the change penalty for a text in which the first pass changed under --dense-share of the words (default 0.8; 0: one pass)."),
    OptionSpec(name: "dense-share", value: "S",
               help: "The share of changed words from which a text counts as spun throughout (default 0.16)."),
    OptionSpec(name: "beam", value: "X",
               help: "Extend only readings within X (log10) of the best at each word (default 3; 'inf' searches exhaustively)."),
    OptionSpec(name: "any-spinner",
               help: "Also restore inputs spun by other spinners: decide per input with the spinner-agnostic evidence (as 'unspin detect'), and restore those it judges spun with the open thesaurus candidates as well (experimental; about 3x slower; the first run compiles the tables, about 3 s, and keeps them in the cache folder, see UNSPIN_CACHE_DIR in the README)."),
    OptionSpec(name: "open-candidates", value: "T", repeatable: true,
               help: "With --any-spinner (implied): the open candidate table T (or T=W, its factor W) in place of the default data's (a compiled dictionary given alone holds the other tables too)."),
    OptionSpec(name: "any-spinner-odds", value: "X",
               help: "With --any-spinner, restore with the open candidates the inputs whose spinner-agnostic log10 odds of being spun are above X (default 2: 99 to 1; 0 is detect's even odds)."),
    OptionSpec(name: "open-channel-weight", value: "X",
               help: "With --any-spinner, the channel weight of the restore with the open candidates (default 1; the decision keeps --channel-weight)."),
    OptionSpec(name: "open-known-spins", help: "With --any-spinner, also use the open candidates on inputs the known-spinner decision judges spun."),
    OptionSpec(name: "min-confidence", value: "P",
               help: "Make only edits whose confidence (the posterior of the replacement among the readings of its span, 0-1) is at least P."),
]

/// Builds the restorer the restoring options ask for: the default data unless
/// `--dictionary` / `--model` replace parts of it. `explains`: edits carry their confidence
/// and alternatives.
func makeRestorer(_ args: ParsedArguments, explains: Bool = false,
                  adjust: (inout RestorerOptions) throws -> Void = { _ in }) throws -> Restorer {
    // --phrases (restore only) starts from the phrase-list settings; the options below still win.
    var options = args.flag("phrases") ? RestorerOptions.phraseList : RestorerOptions()
    if let x = try args.double("change-penalty") { options.changePenalty = Float(x) }
    if let x = try args.double("channel-weight") { options.channelWeight = Float(x) }
    if let x = try args.double("spun-prior") { options.spunPriorLogOdds = Float(x) }
    if args.flag("every-input") { options.documentGate = false }
    if let c = args.value("calibration") {
        do { options.calibration = c == "none" ? .identity : try SpinCalibration(parsing: c) } catch let e as CalibrationError {
            throw UsageError(message: "--calibration: \(e.message)")
        }
    }
    if let x = try args.double("ambiguity-margin", expects: "a number ≥ 0", where: { $0 >= 0 }) { options.ambiguityMargin = Float(x) }
    if let x = try args.double("sparse-penalty", expects: "a number ≥ 0", where: { $0 >= 0 }) { options.sparsePenalty = Float(x) }
    if let x = try args.double("dense-share", expects: "a share from 0 to 1", where: { $0 >= 0 && $0 <= 1 }) { options.denseShare = Float(x) }
    if let x = try args.double("beam", expects: "a positive number", where: { $0 > 0 }) { options.beamWidth = Float(x) }
    if let x = try args.double("min-confidence", expects: "a number from 0 to 1", where: { $0 >= 0 && $0 <= 1 }) { options.minimumConfidence = x }
    options.explainsEdits = explains
    let openTables = args.all("open-candidates")
    options.openCandidates = args.flag("any-spinner") || !openTables.isEmpty
    if !openTables.isEmpty {
        options.openTables = try openTables.map { spec -> (path: String, weight: Double) in
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return (spec, 1) }
            guard let w = Double(parts[1]), w >= 0 else {
                throw UsageError(message: "--open-candidates expects TABLE or TABLE=WEIGHT with WEIGHT ≥ 0, got '\(spec)'")
            }
            return (parts[0], w)
        }
    }
    if args.flag("open-known-spins") { options.openKnownSpins = true }
    if let x = try args.double("any-spinner-odds") { options.anySpinnerThreshold = Float(x) }
    if let x = try args.double("open-channel-weight", expects: "a number ≥ 0", where: { $0 >= 0 }) { options.openChannelWeight = Float(x) }
    for tw in args.all("table-weight") {
        let parts = tw.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let w = Double(parts[1]), w >= 0 else {
            throw UsageError(message: "--table-weight expects NAME=WEIGHT with WEIGHT ≥ 0, got '\(tw)'")
        }
        options.tableWeights[parts[0]] = w
    }
    try adjust(&options)
    let dictionaries = args.all("dictionary")
    if dictionaries.isEmpty && args.value("model") == nil { return try Restorer.loadDefault(options: options) }
    if !dictionaries.isEmpty, let model = args.value("model") {
        return try Restorer.load(tables: dictionaries, model: model, options: options)
    }
    // One of the two replaces its default; the other comes from the default data.
    let d = try DefaultData.locate()
    if dictionaries.isEmpty {
        // The default tables with another model (the spinner-agnostic calibration was fitted
        // for the default model: a warning would be noise, the user asked for both).
        return try d.restorer(model: try loadLanguageModel(path: args.value("model")!), options: options)
    }
    return try Restorer.load(tables: dictionaries, model: d.model, options: options)
}

/// Reads a whole input: a file path, or standard input for "-".
func readInput(_ path: String) throws -> [UInt8] {
    if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
        throw CommandFailure(message: "\(path): no such file")
    }
    if isDir.boolValue { throw CommandFailure(message: "\(path): is a directory (use 'unspin batch' for directories)") }
    guard let d = FileManager.default.contents(atPath: path) else {
        throw CommandFailure(message: "\(path): cannot be read")
    }
    return [UInt8](d)
}

let restoreCommand = CommandSpec(
    name: "restore",
    summary: "Restore spun text to its likely original wording.",
    usage: "[options] [FILE...]",
    discussion: """
    Reads each FILE (standard input when none is given, or for '-') and writes the restored
    text to standard output. Bytes that are not changed are copied exactly.
    Plain restore streams: the input is read and written in pieces of about 1 MiB,
    restored on --jobs threads, in order, in bounded memory. A document is a run of
    non-blank lines: blank lines separate documents and are copied as they are, and the
    spun-or-not decision is made per document (restoring A, a blank line, then B gives
    restore(A), the blank line, restore(B), wherever B sits in the input). A document longer
    than 1 MiB is cut at line breaks into pieces of at most 1 MiB counted from its own start,
    each restored as one input. --json, --diff and --phrases read each input whole (one decision per input).
    """,
    options: [
        OptionSpec(name: "diff", help: "Show each change inline: [spun→original], or [spun→original?] when its confidence is under 0.5 (coloured on a terminal: yellow)."),
        OptionSpec(name: "json", help: "Write JSON: the restored text and every edit (byte offsets, spun, replacement, margin, table, confidence, alternatives with their confidences); one object per input."),
        OptionSpec(name: "color", value: "WHEN", help: "Colour --diff output: auto, always or never (default auto)."),
        formatOption,
        OptionSpec(name: "jsonl", help: "Input is JSON Lines: restore one string field per record, keep the rest; streams record by record (Spark pipe(), Hadoop Streaming)."),
        OptionSpec(name: "field", value: "NAME", help: "With --jsonl, the field to restore (default text)."),
        OptionSpec(name: "edits", help: "With --jsonl, add an \"edits\" array to each record."),
        OptionSpec(name: "jobs", short: "j", value: "N", help: "Restore on N threads (default: the number of cores); plain and --jsonl restore, output identical for every N."),
        OptionSpec(name: "phrases",
                   help: "The input is a list of spun phrases, one a line: restore each line on its own, with every line taken as spun, no change penalty, no ambiguity check, one pass, channel weight 1, and the default tables at full weight, the news spinner's at 0.3, with the open thesaurus candidates (the first run compiles the tables, about 3 s, and keeps them in the cache folder). With --jsonl, each record's field is one phrase."),
    ] + restorerOptions,
    run: runRestore
)

func runRestore(_ args: ParsedArguments) throws -> Int32 {
    if let status = try runRestoreFormatted(args) { return status }
    if args.flag("jsonl") { return try runRestoreJSONLines(args) }
    _ = try jsonLinesOption(args)
    if args.flag("diff") && args.flag("json") { throw UsageError(message: "--diff and --json cannot be combined") }
    let colorMode = args.value("color") ?? "auto"
    guard ["auto", "always", "never"].contains(colorMode) else {
        throw UsageError(message: "--color expects auto, always or never, got '\(colorMode)'")
    }
    let inputs = args.positionals.isEmpty ? ["-"] : args.positionals
    // Check every file before the expensive load, so a typo fails fast.
    for p in inputs where p != "-" {
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: p, isDirectory: &isDir) { throw CommandFailure(message: "\(p): no such file") }
        if isDir.boolValue { throw CommandFailure(message: "\(p): is a directory (use 'unspin batch' for directories)") }
    }
    let jobs = try jobsOption(args)
    let restorer = try makeRestorer(args, explains: args.flag("json") || args.flag("diff"))
    if !args.flag("json") && !args.flag("diff") && !args.flag("phrases") {
        return streamPlain(inputs, restorer: restorer, jobs: jobs)
    }
    let color = colorMode == "always" || (colorMode == "auto" && isatty(1) != 0)
    var failed = false
    for path in inputs {
        let bytes: [UInt8]
        do { bytes = try readInput(path) } catch {
            printError("unspin: \(error)")
            failed = true
            continue
        }
        let result = bytes.withUnsafeBufferPointer {
            args.flag("phrases") ? restorer.restoreLines(bytes: $0) : restorer.restore(bytes: $0)
        }
        var out: [UInt8] = []
        if args.flag("json") {
            out.append(contentsOf: Array("{\"file\":".utf8))
            out.append(contentsOf: JSONString.quoted(path == "-" ? "-" : path))
            out.append(contentsOf: Array(",\"text\":".utf8))
            out.append(0x22)
            result.bytes.withUnsafeBufferPointer { JSONString.escape($0, into: &out) }
            out.append(0x22)
            out.append(contentsOf: Array(",\"spun_log_odds\":\(Edit.format(result.spunLogOdds)),\"spin_probability\":\(Edit.format(result.spinProbability)),\"words\":\(result.words),\"edits\":".utf8))
            result.edits.appendJSON(to: &out)
            out.append(contentsOf: Array("}\n".utf8))
        } else if args.flag("diff") {
            out = renderDiff(bytes, result.edits, color: color)
        } else {
            out = result.bytes
        }
        out.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, stdout) }
    }
    return failed ? 1 : 0
}

/// Each input restored in a stream (see `StreamRestore`): document by document for plain text,
/// record by record for JSON Lines.
func streamPlain(_ inputs: [String], restorer: Restorer, jobs: Int,
                 format: StreamRestore.Format = .documents) -> Int32 {
    streamInputs(inputs, restorer: restorer, jobs: jobs, format: format).failed ? 1 : 0
}

/// Streams each input in turn to standard output (restore and detect `--jsonl`): whether any
/// failed, and how many records were flagged (screening).
func streamInputs(_ inputs: [String], restorer: Restorer, jobs: Int,
                  format: StreamRestore.Format) -> (failed: Bool, flagged: Int) {
    fflush(stdout)
    var failed = false, flagged = 0
    for path in inputs {
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            printError("unspin: \(path): cannot open: \(String(cString: strerror(errno)))")
            failed = true
            continue
        }
        let summary = StreamRestore.run(input: fd, output: 1, name: path == "-" ? "<stdin>" : path,
                                        format: format, jobs: jobs,
                                        restore: restorer.restoreFunction, report: { printError("unspin: " + $0) })
        if fd != 0 { close(fd) }
        if summary.failed > 0 { failed = true }
        flagged += summary.flagged
    }
    return (failed, flagged)
}

/// Edits whose confidence is under this are marked unsure in `--diff` output.
let unsureConfidence = 0.5

/// The input with each edit shown inline: `[spun→original]` (`[spun→original?]` when unsure),
/// or in colour on a terminal (spun struck through in red, original in green, or yellow when unsure).
func renderDiff(_ input: [UInt8], _ edits: [Edit], color: Bool) -> [UInt8] {
    var out: [UInt8] = []
    var copied = 0
    for e in edits {
        out.append(contentsOf: input[copied..<e.range.lowerBound])
        let unsure = (e.confidence ?? 1) < unsureConfidence
        if color {
            out.append(contentsOf: Array("\u{1B}[9;31m\(e.spun)\u{1B}[0m\u{1B}[\(unsure ? 33 : 32)m\(e.replacement)\u{1B}[0m".utf8))
        } else {
            out.append(contentsOf: Array("[\(e.spun)→\(e.replacement)\(unsure ? "?" : "")]".utf8))
        }
        copied = e.range.upperBound
    }
    out.append(contentsOf: input[copied...])
    return out
}
