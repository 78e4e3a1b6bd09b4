import Foundation
import Unspin

/// `unspin learn --unpaired DIR --candidates FILE`: reweights a candidate table by EM over the
/// language model from spun text alone (see `Decipherment`).
func runLearnUnpaired(_ args: ParsedArguments) throws -> Int32 {
    guard let dir = args.value("unpaired") else { throw UsageError(message: "--unpaired needs a directory") }
    guard args.positionals.isEmpty, args.value("pairs") == nil, args.value("table") == nil, !args.flag("inflect") else {
        throw UsageError(message: "--unpaired learns from spun text alone: give no ORIGINAL SPUN, --pairs, --table or --inflect with it")
    }
    guard let candidatesPath = args.value("candidates") else {
        throw UsageError(message: "--unpaired needs --candidates FILE (the table of possible originals, e.g. the thesaurus table)")
    }
    if args.flag("overuse") { return try runLearnOveruse(args, dir: dir, candidatesPath: candidatesPath) }
    guard args.all("reference").isEmpty else { throw UsageError(message: "--reference only applies with --overuse") }
    let iterations = try args.int("iterations") ?? 5
    guard (1...100).contains(iterations) else { throw UsageError(message: "--iterations must be between 1 and 100") }
    let strength = try args.double("prior-strength") ?? 20
    guard strength > 0 else { throw UsageError(message: "--prior-strength must be positive") }
    let lmWeight = try args.double("lm-weight") ?? 1
    guard lmWeight > 0 else { throw UsageError(message: "--lm-weight must be positive") }
    let maxRatio = try args.double("max-ratio") ?? 1.5
    guard maxRatio > 0 else { throw UsageError(message: "--max-ratio must be positive") }

    let candidates = try learnCandidates(path: candidatesPath)
    let modelPath: String
    if let m = args.value("model") { modelPath = m } else {
        do { modelPath = try DefaultData.locate().model } catch { throw CommandFailure(message: "\(error)") }
    }
    let model: any LanguageModel
    do { model = try loadLanguageModel(path: modelPath) } catch { throw CommandFailure(message: "\(error)") }

    let files = try learnSpunFiles(dir)

    var em = Decipherment(candidates: candidates)
    em.priorStrength = strength
    em.lmWeight = lmWeight
    em.maxRatio = maxRatio
    for f in files {
        em.add(spunText: try learnReadText(f), model: model)
    }
    let entries = em.learnedEntries(iterations: iterations)
    let header = [
        "Learned by unspin learn --unpaired from \(files.count) spun texts in \((dir as NSString).lastPathComponent) (\(em.wordCount) tokens, \(em.ambiguousOccurrences) ambiguous occurrences),",
        "reweighting \((candidatesPath as NSString).lastPathComponent) by \(iterations) EM iterations over \((modelPath as NSString).lastPathComponent) (prior strength \(strength), LM weight \(lmWeight), max ratio \(maxRatio)).",
        "spun<TAB>original<TAB>P(spun|original) # em expected count/expected occurrences of the original",
    ]
    try learnEmit(entries, header: header, args)
    return 0
}

/// The entries of the candidate table at `path` as learned entries with no counts (a missing
/// weight is 0.1).
func learnCandidates(path: String) throws -> [LearnedEntry] {
    let table: PhraseTable
    do { table = try PhraseTable.load(path: path) } catch { throw CommandFailure(message: "\(error)") }
    return table.entries.map { LearnedEntry(spun: $0.spun, original: $0.original, count: 0, originalCount: 0, weight: $0.weight ?? 0.1) }
}

/// The spun-text files of an --unpaired directory: every `.txt` file except `*.orig.txt`, sorted.
func learnSpunFiles(_ dir: String) throws -> [String] {
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
        throw CommandFailure(message: "\(dir): cannot list the directory")
    }
    let files = names.filter { $0.hasSuffix(".txt") && !$0.hasSuffix(".orig.txt") }.sorted()
    guard !files.isEmpty else { throw CommandFailure(message: "\(dir): no .txt files of spun text") }
    return files.map { (dir as NSString).appendingPathComponent($0) }
}

/// `unspin learn --unpaired DIR --overuse --candidates FILE --reference FILE...`: keep lines for
/// the candidate table's spun words from how much more often the spun text uses them than natural
/// text does (see `OveruseKeepEstimator`).
func runLearnOveruse(_ args: ParsedArguments, dir: String, candidatesPath: String) throws -> Int32 {
    for name in ["iterations", "prior-strength", "lm-weight", "max-ratio", "model"] where args.value(name) != nil {
        throw UsageError(message: "--\(name) applies to EM, not to --overuse")
    }
    let references = args.all("reference")
    guard !references.isEmpty else {
        throw UsageError(message: "--overuse needs --reference FILE (natural text to compare the spun text with)")
    }
    let minCount = try args.int("min-count") ?? 3
    guard minCount >= 1 else { throw UsageError(message: "--min-count must be at least 1") }
    let candidates = try learnCandidates(path: candidatesPath)
    var estimator = OveruseKeepEstimator()
    estimator.minCount = minCount
    for r in references { estimator.add(referenceText: try learnReadText(r)) }
    guard estimator.referenceWords > 0 else { throw CommandFailure(message: "\(references[0]): no words of reference text") }
    let files = try learnSpunFiles(dir)
    for f in files { estimator.add(spunText: try learnReadText(f)) }
    let entries = estimator.keepEntries(candidates: candidates)
    let header = [
        "Keep lines learned by unspin learn --unpaired --overuse from \(files.count) spun texts in \((dir as NSString).lastPathComponent) (\(estimator.spunWords) words)",
        "against \(references.count) reference text(s) (\(estimator.referenceWords) words), for the spun words of \((candidatesPath as NSString).lastPathComponent) without a keep line.",
        "word<TAB>word<TAB>P(keep) = (natural + 1) / (spun + 2) # occurrences in the spun text, occurrences natural text of that length would hold",
    ]
    try learnEmit(entries, header: header, args)
    return 0
}
