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
    let iterations = try args.int("iterations") ?? 5
    guard (1...100).contains(iterations) else { throw UsageError(message: "--iterations must be between 1 and 100") }
    let strength = try args.double("prior-strength") ?? 20
    guard strength > 0 else { throw UsageError(message: "--prior-strength must be positive") }
    let lmWeight = try args.double("lm-weight") ?? 1
    guard lmWeight > 0 else { throw UsageError(message: "--lm-weight must be positive") }
    let maxRatio = try args.double("max-ratio") ?? 1.5
    guard maxRatio > 0 else { throw UsageError(message: "--max-ratio must be positive") }

    let table: PhraseTable
    do { table = try PhraseTable.load(path: candidatesPath) } catch { throw CommandFailure(message: "\(error)") }
    let modelPath: String
    if let m = args.value("model") { modelPath = m } else {
        do { modelPath = try DefaultData.locate().model } catch { throw CommandFailure(message: "\(error)") }
    }
    let model: any LanguageModel
    do { model = try loadLanguageModel(path: modelPath) } catch { throw CommandFailure(message: "\(error)") }

    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
        throw CommandFailure(message: "\(dir): cannot list the directory")
    }
    let files = names.filter { $0.hasSuffix(".txt") && !$0.hasSuffix(".orig.txt") }.sorted()
    guard !files.isEmpty else { throw CommandFailure(message: "\(dir): no .txt files of spun text") }

    var em = Decipherment(candidates: table.entries.map {
        LearnedEntry(spun: $0.spun, original: $0.original, count: 0, originalCount: 0, weight: $0.weight ?? 0.1)
    })
    em.priorStrength = strength
    em.lmWeight = lmWeight
    em.maxRatio = maxRatio
    for f in files {
        em.add(spunText: try learnReadText((dir as NSString).appendingPathComponent(f)), model: model)
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
