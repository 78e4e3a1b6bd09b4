import Foundation
import Unspin

/// `unspin lm ...`: train, convert, inspect and evaluate n-gram language models.
let lmCommand = CommandSpec(
    name: "lm",
    summary: "Train, convert and evaluate n-gram language models.",
    usage: "COMMAND [options]",
    subcommands: [lmTrainCommand, lmConvertCommand, lmPerplexityCommand, lmInfoCommand]
)

let lmTrainCommand = CommandSpec(
    name: "train",
    summary: "Train an interpolated modified Kneser-Ney model (as KenLM's lmplz).",
    usage: "[options] CORPUS... -o MODEL",
    discussion: """
    Without --tokenized, text is split with Unspin's tokenizer: every non-space token, folded \
    (lowercase, ’ → '), sentences ending after . ! ? and at line ends. With --tokenized, tokens \
    are separated by spaces, one sentence a line, used as written (as lmplz reads text).
    The model is written in the compact binary format (quantized trie), in the version 1 hash \
    format with --hash, or as ARPA text with --arpa or a .arpa name.
    """,
    options: [
        OptionSpec(name: "output", short: "o", value: "MODEL", help: "Where to write the model (required)."),
        OptionSpec(name: "order", value: "N", help: "N-gram order, 2 to 5 (default 3)."),
        OptionSpec(name: "tokenized", help: "Input is tokenized: split on spaces, one sentence a line."),
        OptionSpec(name: "arpa", help: "Write ARPA text instead of the binary format."),
        OptionSpec(name: "hash", help: "Write the version 1 binary format (hash tables, exact values, about 5 times larger)."),
        OptionSpec(name: "prob-bits", value: "N", help: "Compact format: bits per quantized probability, 1 to 16 (default 8)."),
        OptionSpec(name: "backoff-bits", value: "N", help: "Compact format: bits per quantized backoff, 2 to 16 (default 8)."),
        OptionSpec(name: "prune", value: "T1,T2,...", help: "Drop n-grams of order i seen at most Ti times (non-decreasing; T1 must be 0; the last repeats), e.g. 0,0,1."),
        OptionSpec(name: "vocab-size", value: "N", help: "Keep the N most frequent words; map the others to <unk>."),
        OptionSpec(name: "max-size", value: "SIZE", help: "Prune (more than --prune, if given) until the binary model takes at most SIZE bytes (suffix k, M or G: 1000s; KiB, MiB, GiB: 1024s), e.g. 100M; prints the thresholds chosen."),
        OptionSpec(name: "fragments", value: "FILE", repeatable: true,
                   help: "Lines of FILE are word sequences seen out of sentence context (e.g. an n-gram list): their n-grams count, with no <s> or </s> around them."),
    ],
    run: runLMTrain
)

let lmConvertCommand = CommandSpec(
    name: "convert",
    summary: "Convert a model between ARPA text and the binary format.",
    usage: "[--arpa | --hash] IN OUT",
    discussion: """
    The input format is detected from its content. OUT is ARPA when it ends in .arpa or --arpa \
    is given, otherwise the compact binary format (version 2: a trie with 8-bit quantized \
    probabilities and backoffs), or with --hash the version 1 format (hash tables, exact values).
    """,
    options: [
        OptionSpec(name: "arpa", help: "Write ARPA text whatever OUT is called."),
        OptionSpec(name: "hash", help: "Write the version 1 binary format (hash tables, exact values, about 5 times larger)."),
        OptionSpec(name: "prob-bits", value: "N", help: "Compact format: bits per quantized probability, 1 to 16 (default 8)."),
        OptionSpec(name: "backoff-bits", value: "N", help: "Compact format: bits per quantized backoff, 2 to 16 (default 8)."),
    ],
    run: runLMConvert
)

let lmPerplexityCommand = CommandSpec(
    name: "perplexity",
    summary: "Perplexity of a model on a text (KenLM query semantics: </s> counted, OOVs as <unk>).",
    usage: "[--tokenized] MODEL TEXT",
    options: [OptionSpec(name: "tokenized", help: "TEXT is tokenized: split on spaces, one sentence a line.")],
    run: runLMPerplexity
)

let lmInfoCommand = CommandSpec(
    name: "info",
    summary: "Show a model's order, vocabulary, n-gram counts, training tokens, size and bytes per n-gram; --verify checks its checksum.",
    usage: "[--verify] MODEL",
    options: [OptionSpec(name: "verify", help: "Read the whole binary model and check its data checksum.")],
    run: runLMInfo
)

/// Wraps library errors as command failures (they already name the file).
private func lmFailure(_ e: Error) -> Error {
    if e is UsageError || e is CommandFailure { return e }
    return CommandFailure(message: "\(e)")
}

private func openModel(_ path: String, verify: Bool = false) throws -> NGramModel {
    do {
        if verify, try LMFileKind.detect(path: path) == .binary { return try NGramModel(binaryPath: path, verify: true) }
        return try NGramModel.load(path: path)
    } catch { throw lmFailure(error) }
}

private func isARPAName(_ path: String) -> Bool { path.lowercased().hasSuffix(".arpa") }

private func write(_ model: NGramModel, to path: String, arpa: Bool, hash: Bool, _ args: ParsedArguments) throws {
    let probBits = try args.int("prob-bits") ?? 8, backoffBits = try args.int("backoff-bits") ?? 8
    guard (1...16).contains(probBits) else { throw UsageError(message: "--prob-bits must be 1 to 16, got \(probBits)") }
    guard (2...16).contains(backoffBits) else { throw UsageError(message: "--backoff-bits must be 2 to 16, got \(backoffBits)") }
    do {
        if arpa { try model.writeARPA(to: path) } else {
            try model.writeBinary(to: path, format: hash ? .hash : .compact, probBits: probBits, backoffBits: backoffBits)
        }
    } catch { throw lmFailure(error) }
}

/// A progress line on standard error, only when it is a terminal.
private final class ProgressLine {
    let enabled = isatty(2) != 0
    var last = ""
    func show(_ s: String) {
        guard enabled else { return }
        let text = "\r\u{1B}[K" + s
        FileHandle.standardError.write(text.data(using: .utf8)!)
        last = s
    }
    func finish() { if enabled && !last.isEmpty { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) } }
}

private func runLMTrain(_ args: ParsedArguments) throws -> Int32 {
    guard let out = args.value("output") else { throw UsageError(message: "missing -o MODEL (where to write the model)") }
    guard !args.positionals.isEmpty || !args.all("fragments").isEmpty else { throw UsageError(message: "no CORPUS given") }
    var options = KneserNeyOptions()
    if let n = try args.int("order") {
        guard (2...5).contains(n) else { throw UsageError(message: "--order must be 2 to 5, got \(n)") }
        options.order = n
    }
    if let p = args.value("prune") {
        let parts = p.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else {
            throw UsageError(message: "--prune expects counts separated by commas, e.g. 0,0,1; got '\(p)'")
        }
        options.pruneThresholds = parts.map { $0! }
    }
    if let v = try args.int("vocab-size") {
        guard v > 0 else { throw UsageError(message: "--vocab-size must be positive") }
        options.vocabularySize = v
    }
    let trainer: KneserNeyTrainer
    do { trainer = try KneserNeyTrainer(options: options) } catch let e as LMError { throw UsageError(message: e.message) }
    let progress = ProgressLine()
    for path in args.positionals {
        let bytes = try readInput(path)
        progress.show("reading \(path)")
        bytes.withUnsafeBufferPointer { trainer.addText($0, tokenized: args.flag("tokenized")) }
    }
    for path in args.all("fragments") {
        let bytes = try readInput(path)
        progress.show("reading \(path)")
        bytes.withUnsafeBufferPointer { trainer.addFragments($0, tokenized: args.flag("tokenized")) }
    }
    if trainer.sentenceCount + trainer.fragmentCount == 0 {
        progress.finish()
        throw CommandFailure(message: "\((args.positionals + args.all("fragments")).joined(separator: ", ")): no text to train on (empty input)")
    }
    let budget = try args.value("max-size").map(parseByteSize)
    if budget != nil && (args.flag("arpa") || isARPAName(out)) {
        throw UsageError(message: "--max-size limits a binary model; it does not apply to ARPA output")
    }
    let model: NGramModel
    do {
        if let budget {
            model = try trainer.train(maxBytes: budget, format: args.flag("hash") ? .hash : .compact, progress: { progress.show($0) })
        } else {
            model = try trainer.train(progress: { progress.show($0) })
        }
    } catch { progress.finish(); throw lmFailure(error) }
    progress.show("writing \(out)")
    try write(model, to: out, arpa: args.flag("arpa") || isARPAName(out), hash: args.flag("hash"), args)
    progress.finish()
    let counts = model.counts.enumerated().map { "\($0.offset + 1)-grams \($0.element)" }.joined(separator: ", ")
    let fragments = trainer.fragmentCount > 0 ? ", \(trainer.fragmentCount) fragments" : ""
    printError("\(out): order \(model.order), \(trainer.sentenceCount) sentences, \(trainer.tokenCount) tokens\(fragments); \(counts)")
    if budget != nil {
        printError("pruning chosen for --max-size: \(trainer.thresholdsUsed.map(String.init).joined(separator: ",")) (\(model.byteSize) bytes)")
    }
    if !trainer.fallbackOrders.isEmpty {
        printError("note: fallback discounts used for order(s) \(trainer.fallbackOrders.map(String.init).joined(separator: ", ")) (too little data for the closed-form estimate)")
    }
    return 0
}

/// Parses a byte size: digits with an optional suffix k/K, M, G (powers of 1000) or KiB, MiB,
/// GiB (powers of 1024), and an optional trailing B ("100M", "100MB", "64MiB", "5000000").
func parseByteSize(_ text: String) throws -> Int {
    let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("kB", 1000), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000),
                                  ("k", 1000), ("K", 1000), ("M", 1_000_000), ("G", 1_000_000_000), ("B", 1)]
    var digits = Substring(text.trimmingCharacters(in: .whitespaces)), scale = 1
    for (suffix, factor) in units where digits.hasSuffix(suffix) {
        digits = digits.dropLast(suffix.count); scale = factor; break
    }
    guard let value = Double(digits), value > 0, value.isFinite, value * Double(scale) < 1e15 else {
        throw UsageError(message: "--max-size expects a size such as 100M, 64MiB or 5000000; got '\(text)'")
    }
    return Int(value * Double(scale))
}

private func runLMConvert(_ args: ParsedArguments) throws -> Int32 {
    guard args.positionals.count == 2 else { throw UsageError(message: "expected IN and OUT") }
    let model = try openModel(args.positionals[0])
    if args.flag("arpa") && args.flag("hash") { throw UsageError(message: "--arpa and --hash exclude each other") }
    try write(model, to: args.positionals[1], arpa: args.flag("arpa") || isARPAName(args.positionals[1]), hash: args.flag("hash"), args)
    return 0
}

private func runLMPerplexity(_ args: ParsedArguments) throws -> Int32 {
    guard args.positionals.count == 2 else { throw UsageError(message: "expected MODEL and TEXT") }
    let model = try openModel(args.positionals[0])
    let bytes = try readInput(args.positionals[1])
    let r = bytes.withUnsafeBufferPointer { Perplexity.measure(model, text: $0, tokenized: args.flag("tokenized")) }
    print("Perplexity including OOVs:\t\(r.perplexity)")
    print("Perplexity excluding OOVs:\t\(r.perplexityExcludingOOVs)")
    print("OOVs:\t\(r.oovs)")
    print("Tokens:\t\(r.tokens)")
    print("Sentences:\t\(r.sentences)")
    return 0
}

private func runLMInfo(_ args: ParsedArguments) throws -> Int32 {
    guard args.positionals.count == 1 else { throw UsageError(message: "expected one MODEL") }
    let path = args.positionals[0]
    let model = try openModel(path, verify: args.flag("verify"))
    if (try? LMFileKind.detect(path: path)) == .binary {
        print("format:\t\(model.format == .compact ? "compact (version 2)" : "hash (version 1)")")
    } else {
        print("format:\tarpa")
    }
    print("order:\t\(model.order)")
    print("vocabulary:\t\(model.vocabularySize)")
    for (i, c) in model.counts.enumerated() { print("\(i + 1)-grams:\t\(c)") }
    print("tokens:\t\(model.trainingTokens.map(String.init) ?? "unknown")")
    print("bytes:\t\(model.byteSize)")
    let grams = model.counts.reduce(0, +)
    print("bytes per n-gram:\t\(grams == 0 ? "-" : String(format: "%.2f", Double(model.byteSize) / Double(grams)))")
    if args.flag("verify") { print("checksum:\t\(model.verifyChecksum() ? "ok" : "MISMATCH")") }
    return 0
}
