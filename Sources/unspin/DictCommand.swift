import Foundation
import Unspin

let dictCommand = CommandSpec(
    name: "dict",
    summary: "Compile phrase tables, or look phrases up in them.",
    usage: "COMMAND [options]",
    subcommands: [dictCompileCommand, dictLookupCommand]
)

let dictCompileCommand = CommandSpec(
    name: "compile",
    summary: "Compile phrase tables into the binary form the restorer loads quickly.",
    usage: "[options] [TABLE[=WEIGHT]...]",
    discussion: """
    Without TABLE arguments, compiles the default tables (with the weights defaults.txt
    gives them) into the compiled file defaults.txt names. WEIGHT scales a table's
    probabilities; 0 leaves it out. The text tables stay the editable truth.
    """,
    options: [
        OptionSpec(name: "output", short: "o", value: "PATH", help: "Where to write the compiled dictionary."),
    ],
    run: { args in
        var tables: [(String, Double)] = []
        var out = args.value("output")
        if args.positionals.isEmpty {
            let d = try DefaultData.locate()
            tables = d.tables
            if out == nil { out = d.compiled }
        } else {
            for a in args.positionals {
                if let eq = a.lastIndex(of: "="), let w = Double(a[a.index(after: eq)...]) {
                    guard w >= 0 else { throw UsageError(message: "table weight in '\(a)' must be ≥ 0") }
                    tables.append((String(a[..<eq]), w))
                } else {
                    tables.append((a, 1))
                }
            }
        }
        guard let output = out else { throw UsageError(message: "say where to write the compiled dictionary (--output PATH)") }
        let loaded = try tables.map { try PhraseTable.load(path: $0.0) }
        var weights: [String: Double] = [:]
        for (t, w) in zip(loaded, tables) { weights[t.name] = w.1 }
        let dict = PhraseDictionary(tables: loaded, tableWeights: weights)
        let file = try AtomicFile(path: output)
        do {
            try file.write(dict.compiled())
            try file.commit()
        } catch {
            file.abandon()
            throw CommandFailure(message: "\(output): \(error)")
        }
        printError("unspin: wrote \(output): \(dict.phraseCount) phrases, \(dict.candidateCount) candidates, \(dict.vocabulary.count) words from \(loaded.count) tables")
        return 0
    }
)

let dictLookupCommand = CommandSpec(
    name: "lookup",
    summary: "Show the candidate originals of a spun phrase, with their tables and weights.",
    usage: "[options] PHRASE...",
    discussion: "Each PHRASE is looked up case-insensitively; several words may be given as one quoted argument.",
    options: [
        OptionSpec(name: "dictionary", short: "d", value: "PATH", repeatable: true,
                   help: "Look up in these tables (or one compiled file) instead of the defaults."),
    ],
    run: { args in
        guard !args.positionals.isEmpty else { throw UsageError(message: "give a PHRASE to look up") }
        let dict: PhraseDictionary
        let paths = args.all("dictionary")
        if !paths.isEmpty {
            dict = try PhraseDictionary(files: paths)
        } else {
            dict = try DefaultData.locate().dictionary()
        }
        var status: Int32 = 0
        for phrase in args.positionals {
            let cands = dict.lookup(phrase)
            var line = phrase
            if let k = dict.keepLogProbability(of: phrase) { line += String(format: "  (P(keep) %.3f)", pow(10, Double(k))) }
            print(line)
            if cands.isEmpty { print("  (not in the dictionary)"); status = 1 }
            for c in cands {
                print("  \(c.original)\t" + String(format: "%.4f", pow(10, Double(c.logChannel))) + "\t\(c.table)")
            }
        }
        return status
    }
)
