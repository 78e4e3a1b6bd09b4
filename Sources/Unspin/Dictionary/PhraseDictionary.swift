import Foundation

/// One candidate original for a spun phrase, ready for decoding.
public struct Candidate: Sendable, Equatable {
    /// The original phrase as written in its table (its own capitals are kept).
    public var original: String
    /// The original's folded tokens, as the language model sees them.
    public var originalTokens: [String]
    /// log10 of the channel probability P(spun | original), table weight included.
    public var logChannel: Float
    /// Index into `PhraseDictionary.tableNames`.
    public var table: UInt16
}

/// Phrase tables compiled for matching: a vocabulary of spun-side words, a trie over
/// their ids and, per trie node, the candidate originals.
public struct PhraseDictionary: Sendable {
    /// Folded words of the spun sides.
    public private(set) var vocabulary = Vocabulary()
    /// Phrases of the spun sides; trie values index `candidates`.
    public private(set) var trie = PhraseTrie()
    public private(set) var candidates: [Candidate] = []
    /// For each vocabulary word that is itself a spun phrase: log10 P(it stays as is).
    /// NaN for words that are only part of longer phrases.
    public private(set) var keepLogProbability: [Float] = []
    /// Names of the tables, indexed by `Candidate.table`.
    public private(set) var tableNames: [String] = []
    /// The number of distinct spun phrases.
    public private(set) var phraseCount = 0

    /// Compiles tables.
    /// - Parameters:
    ///   - tableWeights: a factor on each named table's channel probabilities; 0 leaves
    ///     the table out. Tables not named get 1.
    ///   - defaultWeight: P(spun | original) for entries that give none.
    ///   - defaultKeep: P(a spun word stays as is) for words without an identity line.
    /// - Complexity: O(total entry length).
    public init(tables: [PhraseTable], tableWeights: [String: Double] = [:],
                defaultWeight: Double = 0.1, defaultKeep: Double = 0.5) {
        var builder = PhraseTrieBuilder()
        // (spun phrase ids, folded original) -> candidate index, to merge duplicates.
        var seen: [String: Int] = [:]
        var candidateNode: [[UInt32]] = []
        var keep: [UInt32: Double] = [:]
        var spunSingles = Set<UInt32>()
        var phrases = Set<[UInt32]>()
        for table in tables {
            let factor = tableWeights[table.name] ?? 1
            guard factor > 0 else { continue }
            let tableIndex = UInt16(tableNames.count)
            tableNames.append(table.name)
            for e in table.entries {
                let spunTokens = Self.foldedTokens(e.spun)
                guard !spunTokens.isEmpty else { continue }
                let ids = spunTokens.map { vocabulary.intern($0) }
                if e.isIdentity {
                    if ids.count == 1, let w = e.weight { keep[ids[0]] = max(keep[ids[0]] ?? 0, w) }
                    continue
                }
                let origTokens = Self.foldedTokens(e.original)
                guard !origTokens.isEmpty else { continue }
                let p = min(1, (e.weight ?? defaultWeight) * factor)
                let logp = Float(log10(p))
                let key = ids.map(String.init).joined(separator: " ") + "\t" + origTokens.joined(separator: " ")
                if ids.count == 1 { spunSingles.insert(ids[0]) }
                phrases.insert(ids)
                if let k = seen[key] {
                    if logp > candidates[k].logChannel {
                        candidates[k].logChannel = logp; candidates[k].table = tableIndex
                    }
                    continue
                }
                seen[key] = candidates.count
                candidates.append(Candidate(original: e.original, originalTokens: origTokens,
                                            logChannel: logp, table: tableIndex))
                candidateNode.append(ids)
            }
        }
        for (i, ids) in candidateNode.enumerated() { builder.insert(ids, value: UInt32(i)) }
        trie = builder.freeze(vocabularySize: vocabulary.count)
        phraseCount = phrases.count
        keepLogProbability = .init(repeating: .nan, count: vocabulary.count)
        for w in spunSingles { keepLogProbability[Int(w)] = Float(log10(keep[w] ?? defaultKeep)) }
        for (w, p) in keep where !spunSingles.contains(w) { keepLogProbability[Int(w)] = Float(log10(p)) }
    }

    /// Loads and compiles table files.
    /// - Throws: `DictionaryError` for a missing or malformed file.
    public init(paths: [String], tableWeights: [String: Double] = [:],
                defaultWeight: Double = 0.1, defaultKeep: Double = 0.5) throws {
        let tables = try paths.map { try PhraseTable.load(path: $0) }
        self.init(tables: tables, tableWeights: tableWeights, defaultWeight: defaultWeight, defaultKeep: defaultKeep)
    }

    /// The folded non-space tokens of a phrase.
    static func foldedTokens(_ phrase: String) -> [String] {
        var out: [String] = []
        withUTF8Bytes(of: phrase) { bytes in
            var tokens: [Token] = []
            Tokenizer.tokenize(bytes, into: &tokens)
            var scratch: [UInt8] = []
            for t in tokens where t.kind != .space {
                scratch.removeAll(keepingCapacity: true)
                Folding.fold(UnsafeBufferPointer(rebasing: bytes[t.start..<t.end]), into: &scratch)
                out.append(String(decoding: scratch, as: UTF8.self))
            }
        }
        return out
    }

    /// The candidates of a spun phrase (looked up case-insensitively), best channel first.
    public func lookup(_ spun: String) -> [Candidate] {
        var node: UInt32 = 0
        for w in Self.foldedTokens(spun) {
            guard let id = vocabulary.id(of: w), let c = trie.child(of: node, id) else { return [] }
            node = c
        }
        guard node != 0 else { return [] }
        return trie.values(at: node).map { candidates[Int($0)] }.sorted { $0.logChannel > $1.logChannel }
    }

    /// log10 P(keep) of a one-word spun phrase, or nil when the word has no entry.
    public func keepLogProbability(of word: String) -> Float? {
        guard let id = vocabulary.id(of: Folding.fold(word)) else { return nil }
        let v = keepLogProbability[Int(id)]
        return v.isNaN ? nil : v
    }
}
