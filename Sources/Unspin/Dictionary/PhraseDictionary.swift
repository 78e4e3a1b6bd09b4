import Foundation

/// One candidate original for a spun phrase (a view built on demand from flat storage).
public struct Candidate: Sendable, Equatable {
    /// The original phrase as written in its table (its own capitals are kept).
    public var original: String
    /// The original's folded tokens, as the language model sees them.
    public var originalTokens: [String]
    /// log10 of the channel probability P(spun | original), table weight included.
    public var logChannel: Float
    /// The name of the table it came from.
    public var table: String
}

/// Phrase tables compiled for matching: a vocabulary of spun-side words, a trie over
/// their ids and, per trie node, the candidate originals. All storage is flat arrays.
public struct PhraseDictionary: Sendable {
    /// Folded words of the spun sides.
    public internal(set) var vocabulary = Vocabulary()
    /// Phrases of the spun sides; trie values are candidate indices.
    public internal(set) var trie = PhraseTrie()
    /// Candidate `c`'s original as written: `originalPool[originalStart[c]..<originalStart[c+1]]`.
    var originalPool: [UInt8] = []
    var originalStart: [UInt32] = [0]
    /// Folded tokens of all originals back to back; token `t` is
    /// `tokenPool[tokenStart[t]..<tokenStart[t+1]]`, candidate `c` owns tokens
    /// `candidateToken[c]..<candidateToken[c+1]`.
    var tokenPool: [UInt8] = []
    var tokenStart: [UInt32] = [0]
    var candidateToken: [UInt32] = [0]
    /// Per candidate: log10 P(spun | original) with the table factor, and its table.
    public internal(set) var logChannel: [Float] = []
    var candidateTable: [UInt16] = []
    /// For each vocabulary word that is itself a spun phrase: log10 P(it stays as is).
    /// NaN for words that are only part of longer phrases.
    public internal(set) var keepLogProbability: [Float] = []
    /// Names of the tables.
    public internal(set) var tableNames: [String] = []
    /// The number of distinct spun phrases.
    public internal(set) var phraseCount = 0
    /// Vocabulary id of each one-byte ASCII token (looked up folded), or `.max`: saves a
    /// hash per punctuation mark and one-letter word.
    var asciiTokenID: [UInt32] = .init(repeating: .max, count: 128)

    /// Fills `asciiTokenID` from the vocabulary.
    mutating func indexASCIITokens() {
        for b in 0..<128 {
            var byte = Folding.lowerASCII(UInt8(b))
            asciiTokenID[b] = withUnsafePointer(to: &byte) { vocabulary.id(of: UnsafeBufferPointer(start: $0, count: 1)) } ?? .max
        }
    }

    /// The number of candidates (spun phrase, original) pairs.
    public var candidateCount: Int { logChannel.count }

    init() {}

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
        var seen: [String: Int] = [:]
        var candidatePhrase: [[UInt32]] = []
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
                let logp = Float(log10(min(1, (e.weight ?? defaultWeight) * factor)))
                if ids.count == 1 { spunSingles.insert(ids[0]) }
                phrases.insert(ids)
                let key = ids.map(String.init).joined(separator: " ") + "\t" + origTokens.joined(separator: " ")
                if let k = seen[key] {
                    if logp > logChannel[k] { logChannel[k] = logp; candidateTable[k] = tableIndex }
                    continue
                }
                seen[key] = logChannel.count
                originalPool.append(contentsOf: e.original.utf8)
                originalStart.append(UInt32(originalPool.count))
                for t in origTokens {
                    tokenPool.append(contentsOf: t.utf8)
                    tokenStart.append(UInt32(tokenPool.count))
                }
                candidateToken.append(UInt32(tokenStart.count - 1))
                logChannel.append(logp)
                candidateTable.append(tableIndex)
                candidatePhrase.append(ids)
            }
        }
        for (i, ids) in candidatePhrase.enumerated() { builder.insert(ids, value: UInt32(i)) }
        trie = builder.freeze(vocabularySize: vocabulary.count)
        phraseCount = phrases.count
        indexASCIITokens()
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

    /// The original of candidate `c` as written in its table.
    public func original(_ c: Int) -> String {
        String(decoding: originalPool[Int(originalStart[c])..<Int(originalStart[c + 1])], as: UTF8.self)
    }

    /// Calls `body` with each folded token of candidate `c`'s original.
    /// - Complexity: O(tokens), no allocation.
    public func forEachToken(of c: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        tokenPool.withUnsafeBufferPointer { pool in
            for t in Int(candidateToken[c])..<Int(candidateToken[c + 1]) {
                body(UnsafeBufferPointer(rebasing: pool[Int(tokenStart[t])..<Int(tokenStart[t + 1])]))
            }
        }
    }

    /// Maps every token of every candidate (all candidates' tokens, in order) through
    /// `index`, calling it once per distinct token: candidates repeat their words (a term's
    /// many spins share its words), so a small cache keyed by the token's bytes saves most
    /// calls.
    /// - Complexity: O(total token bytes) plus one `index` call per distinct token (at most).
    public func mapTokens(_ index: (UnsafeBufferPointer<UInt8>) -> UInt32) -> [UInt32] {
        let slots = 1 << 16
        var cachedToken = [Int32](repeating: -1, count: slots)
        var cachedID = [UInt32](repeating: 0, count: slots)
        let count = tokenStart.count - 1
        var out = [UInt32](repeating: 0, count: count)
        tokenPool.withUnsafeBufferPointer { pool in
            tokenStart.withUnsafeBufferPointer { start in
                for t in 0..<count {
                    let a = Int(start[t]), b = Int(start[t + 1])
                    let token = UnsafeBufferPointer(rebasing: pool[a..<b])
                    var h: UInt32 = 2_166_136_261
                    for byte in token { h = (h ^ UInt32(byte)) &* 16_777_619 }
                    let slot = Int(h >> 16)
                    let c = Int(cachedToken[slot])
                    if c >= 0, case let (ca, cb) = (Int(start[c]), Int(start[c + 1])), cb - ca == b - a,
                       Vocabulary.equal(pool.baseAddress! + ca, token.baseAddress, b - a) {
                        out[t] = cachedID[slot]
                        continue
                    }
                    let id = index(token)
                    out[t] = id
                    cachedToken[slot] = Int32(t)
                    cachedID[slot] = id
                }
            }
        }
        return out
    }

    /// Candidate `c` as a value.
    public func candidate(_ c: Int) -> Candidate {
        var toks: [String] = []
        forEachToken(of: c) { toks.append(String(decoding: $0, as: UTF8.self)) }
        return Candidate(original: original(c), originalTokens: toks, logChannel: logChannel[c],
                         table: tableNames[Int(candidateTable[c])])
    }

    /// The name of candidate `c`'s table.
    public func tableName(of c: Int) -> String { tableNames[Int(candidateTable[c])] }

    /// The candidates of a spun phrase (looked up case-insensitively), best channel first.
    public func lookup(_ spun: String) -> [Candidate] {
        var node: UInt32 = 0
        for w in Self.foldedTokens(spun) {
            guard let id = vocabulary.id(of: w), let c = trie.child(of: node, id) else { return [] }
            node = c
        }
        guard node != 0 else { return [] }
        return trie.values(at: node).map { candidate(Int($0)) }.sorted { $0.logChannel > $1.logChannel }
    }

    /// log10 P(keep) of a one-word spun phrase, or nil when the word has no entry.
    public func keepLogProbability(of word: String) -> Float? {
        guard let id = vocabulary.id(of: Folding.fold(word)) else { return nil }
        let v = keepLogProbability[Int(id)]
        return v.isNaN ? nil : v
    }
}
