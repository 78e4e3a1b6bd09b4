import Foundation
import Unspin

/// `unspin learn`: learn a spinner's substitutions from original/spun text pairs.
let learnCommand = CommandSpec(
    name: "learn",
    summary: "Learn a dictionary table from original/spun text pairs.",
    usage: "[options] ORIGINAL SPUN | --pairs DIR | --table FILE --inflect",
    discussion: """
    Aligns each original with its spun version word by word and writes the substitutions in
    the dictionary format: spun<TAB>original<TAB>P(spun|original), with the counts behind each
    weight in a trailing comment. Identity lines (word<TAB>word<TAB>p) give how often a spun
    phrase stays itself where it appears in an original. With --pairs, DIR holds NNN.orig.txt
    beside NNN.spun.txt. With --table, an existing table (e.g. lemma-level thesaurus pairs) is
    read instead of pairs, to be written again with --inflect's inflected forms.
    """,
    options: [
        OptionSpec(name: "pairs", value: "DIR", help: "Learn from every NNN.orig.txt / NNN.spun.txt pair in DIR."),
        OptionSpec(name: "table", value: "FILE", help: "Read this dictionary table instead of text pairs (to inflect it)."),
        OptionSpec(name: "output", short: "o", value: "FILE", help: "Write the table to FILE (atomically) instead of standard output."),
        OptionSpec(name: "min-count", value: "N", help: "Keep substitutions seen at least N times (default 1)."),
        OptionSpec(name: "max-length", value: "N", help: "Longest phrase in words on either side (default 5)."),
        OptionSpec(name: "no-function-word-pairs", help: "Drop one-word pairs of two function words (within→in)."),
        OptionSpec(name: "smoothing", value: "K", help: "Weight = count / (occurrences of the original + K) (default 1)."),
        OptionSpec(name: "inflect-factor", value: "X", help: "Weight of a generated inflection relative to its source entry (default 1)."),
        OptionSpec(name: "inflect", help: "Also write the inflected forms of learned pairs (assault→attack gives assaulted→attacked)."),
        OptionSpec(name: "wordnet", value: "DIR", help: "WordNet 3.0 dictionary directory for --inflect (default /usr/share/wordnet)."),
        OptionSpec(name: "lexicon", value: "FILE", repeatable: true, help: "Text whose words count as real words for --inflect (besides the pairs' own words)."),
        // --unpaired (decipherment by EM from spun text alone; see LearnCommand+Unpaired.swift)
        OptionSpec(name: "unpaired", value: "DIR", help: "Learn from spun text alone: reweight --candidates by EM over the language model, reading every .txt file in DIR except *.orig.txt."),
        OptionSpec(name: "candidates", value: "FILE", help: "With --unpaired: the candidate table (spun<TAB>original<TAB>prior), e.g. the thesaurus table."),
        OptionSpec(name: "model", value: "FILE", help: "With --unpaired: the language model (default: the default data's model)."),
        OptionSpec(name: "iterations", value: "N", help: "With --unpaired: EM iterations (default 5)."),
        OptionSpec(name: "prior-strength", value: "A", help: "With --unpaired: weight of the candidate table's priors, in pseudo-occurrences per original (default 20)."),
        OptionSpec(name: "lm-weight", value: "X", help: "With --unpaired: scale on the language model's log probabilities (default 1)."),
        OptionSpec(name: "max-ratio", value: "R", help: "With --unpaired: a learned weight is at most R times the table's (default 1.5)."),
        OptionSpec(name: "overuse", help: "With --unpaired: instead of EM, write keep lines for the --candidates words the spun text uses more often than the --reference text (see LearnCommand+Unpaired.swift)."),
        OptionSpec(name: "reference", value: "FILE", repeatable: true, help: "With --unpaired --overuse: natural (not spun) text whose word frequencies the spun text is compared with."),
    ],
    run: runLearn
)

func runLearn(_ args: ParsedArguments) throws -> Int32 {
    if args.value("unpaired") != nil { return try runLearnUnpaired(args) }   // --unpaired
    let minCount = try args.int("min-count") ?? 1
    let maxLength = try args.int("max-length") ?? 5
    guard minCount >= 1 else { throw UsageError(message: "--min-count must be at least 1") }
    guard (1...8).contains(maxLength) else { throw UsageError(message: "--max-length must be between 1 and 8") }
    var learner = SpinLearner(maxLength: maxLength)
    if let k = try args.double("smoothing") {
        guard k >= 0 else { throw UsageError(message: "--smoothing must not be negative") }
        learner.smoothing = k
    }
    learner.keepFunctionWordPairs = !args.flag("no-function-word-pairs")
    let inflectFactor = try args.double("inflect-factor") ?? 1
    guard inflectFactor > 0 && inflectFactor <= 1 else { throw UsageError(message: "--inflect-factor must be in (0, 1]") }
    var sources: [String] = []
    var tableEntries: [LearnedEntry]? = nil
    if let path = args.value("table") {
        guard args.positionals.isEmpty, args.value("pairs") == nil else { throw UsageError(message: "give one of --table FILE, --pairs DIR or ORIGINAL SPUN") }
        let table: PhraseTable
        do { table = try PhraseTable.load(path: path) } catch { throw CommandFailure(message: "\(error)") }
        tableEntries = table.entries.map {
            LearnedEntry(spun: Folding.fold($0.spun), original: Folding.fold($0.original), count: 0, originalCount: 0, weight: $0.weight ?? 0.1)
        }
        sources.append("the table \((path as NSString).lastPathComponent)")
    } else if let dir = args.value("pairs") {
        guard args.positionals.isEmpty else { throw UsageError(message: "give either --pairs DIR or ORIGINAL SPUN, not both") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw CommandFailure(message: "\(dir): cannot list the directory")
        }
        let bases = names.filter { $0.hasSuffix(".orig.txt") }.map { String($0.dropLast(".orig.txt".count)) }.sorted()
        guard !bases.isEmpty else { throw CommandFailure(message: "\(dir): no NNN.orig.txt files") }
        for b in bases {
            let o = (dir as NSString).appendingPathComponent(b + ".orig.txt")
            let s = (dir as NSString).appendingPathComponent(b + ".spun.txt")
            guard FileManager.default.fileExists(atPath: s) else { throw CommandFailure(message: "\(s): missing (the spun side of \(o))") }
            learner.add(original: try learnReadText(o), spun: try learnReadText(s))
        }
        sources.append("\(bases.count) pairs in \((dir as NSString).lastPathComponent)")
    } else {
        guard args.positionals.count == 2 else { throw UsageError(message: "expected ORIGINAL and SPUN files (or --pairs DIR)") }
        learner.add(original: try learnReadText(args.positionals[0]), spun: try learnReadText(args.positionals[1]))
        sources.append("1 pair")
    }
    var entries = tableEntries ?? learner.entries(minCount: minCount)
    if args.flag("inflect") {
        let dir = args.value("wordnet") ?? "/usr/share/wordnet"
        let inflector: Inflector
        do { inflector = try Inflector.load(wordNet: dir) } catch { throw CommandFailure(message: "\(error)") }
        var known = learner.knownWords()
        for file in args.all("lexicon") {
            var vocabulary = Vocabulary()
            let words = WordSequence(try learnReadText(file), vocabulary: &vocabulary)
            _ = words
            for id in 0..<UInt32(vocabulary.count) { known.insert(vocabulary.word(id)) }
        }
        entries = inflector.expand(entries, weightFactor: inflectFactor, isKnown: { known.contains($0) })
    } else if args.value("wordnet") != nil || !args.all("lexicon").isEmpty {
        throw UsageError(message: "--wordnet and --lexicon only apply with --inflect")
    }
    let header = tableEntries != nil ? ["Written by unspin learn from \(sources.joined(separator: ", "))."]
        : ["Learned by unspin learn from \(sources.joined(separator: ", ")) (\(learner.originalWordCount) original words)."]
    try learnEmit(entries, header: header, args)
    return 0
}

/// Writes a learned table to `--output` (atomically) or to standard output.
func learnEmit(_ entries: [LearnedEntry], header: [String], _ args: ParsedArguments) throws {
    let text = LearnedDictionaryFormat.format(entries, header: header)
    if let out = args.value("output") {
        try learnWriteAtomically(text, to: out)
    } else {
        print(text, terminator: "")
    }
}

/// Reads a UTF-8 text file, naming the file in the error.
func learnReadText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure(message: "\(path): cannot be read (no such file?)")
    }
    guard let s = String(data: data, encoding: .utf8) else {
        throw CommandFailure(message: "\(path): not valid UTF-8")
    }
    return s
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
func learnWriteAtomically(_ text: String, to path: String) throws {
    let dir = (path as NSString).deletingLastPathComponent
    let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
    guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else {
        throw CommandFailure(message: "\(path): cannot be written")
    }
    guard rename(tmp, path) == 0 else {
        unlink(tmp)
        throw CommandFailure(message: "\(path): cannot be written (rename failed)")
    }
}
