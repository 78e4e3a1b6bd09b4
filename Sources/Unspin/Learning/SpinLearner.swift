/// One learned dictionary line with the counts behind its weight.
public struct LearnedEntry: Sendable, Equatable {
    /// The spun phrase (folded).
    public var spun: String
    /// The original phrase (folded); equal to `spun` for a keep-probability line.
    public var original: String
    /// Times the original was written as this spun phrase (or, for an identity line, kept).
    public var count: Int
    /// Times the original phrase occurs in the original texts.
    public var originalCount: Int
    /// The channel probability P(spun | original), smoothed.
    public var weight: Double
    /// Where a generated entry came from (written as its comment instead of the counts).
    public var note: String? = nil

    /// An entry with its counts.
    /// - Complexity: O(1).
    public init(spun: String, original: String, count: Int, originalCount: Int, weight: Double) {
        self.spun = spun; self.original = original; self.count = count
        self.originalCount = originalCount; self.weight = weight
    }

    /// Whether this line gives the probability that the phrase stays as it is.
    /// - Complexity: O(length of the phrases).
    public var isIdentity: Bool { spun == original }

    /// The order tables are written in: by spun phrase, its keep line first, then by
    /// weight (highest first) and original.
    public static func tableOrder(_ a: LearnedEntry, _ b: LearnedEntry) -> Bool {
        if a.spun != b.spun { return a.spun < b.spun }
        if a.isIdentity != b.isIdentity { return a.isIdentity }
        if a.weight != b.weight { return a.weight > b.weight }
        return a.original < b.original
    }
}

/// Learns a spinner's substitutions and their channel probabilities from original/spun text pairs.
///
/// Each pair is aligned word by word (`WordAligner`), cut into whole phrase pairs
/// (`PhrasePairExtractor`) and counted. The weight of `spun → original` is
/// count(original written as spun) / (count(original in the originals) + `smoothing`, default 1); the keep
/// probability of a spun phrase is (times it stayed itself + 1) / (times it occurs in the originals + 2).
public struct SpinLearner: Sendable {
    struct Key: Hashable, Sendable {
        var original: [UInt32]
        var spun: [UInt32]
    }

    /// Longest phrase, in words, on either side of a learned pair.
    public var maxLength: Int
    /// Added to the occurrence count in the weight's denominator: count / (occurrences + smoothing).
    public var smoothing: Double = 1
    /// Keep one-word pairs whose two words are both function words ("within" → "in",
    /// "which" → "that"). On by default: with the restorer's per-input spun-or-not decision they
    /// restore far more than they damage; switch off when that decision is off.
    public var keepFunctionWordPairs = true
    /// The words seen so far (folded).
    public private(set) var vocabulary = Vocabulary()
    /// The number of text pairs added.
    public private(set) var pairCount = 0
    /// The number of words in the original texts added.
    public private(set) var originalWordCount = 0
    var originals: [(words: [UInt32], kept: [Bool])] = []
    var counts: [Key: Int] = [:]

    /// A learner keeping pairs of at most `maxLength` words a side.
    /// - Complexity: O(1).
    public init(maxLength: Int = 5) { self.maxLength = maxLength }

    /// Aligns one original text with its spun version and counts its substitutions.
    /// - Complexity: O(n log n) in the words of the texts, plus the alignment's gaps.
    public mutating func add(original: String, spun: String) {
        let o = WordSequence(original, vocabulary: &vocabulary)
        let s = WordSequence(spun, vocabulary: &vocabulary)
        let ops = WordAligner.align(o.words, s.words)
        var kept = [Bool](repeating: false, count: o.count)
        for op in ops where op.kind == .equal { for i in op.original { kept[i] = true } }
        for p in PhrasePairExtractor.extract(original: o, spun: s, ops: ops, maxLength: maxLength) {
            counts[Key(original: Array(o.words[p.original]), spun: Array(s.words[p.spun])), default: 0] += 1
        }
        originals.append((o.words, kept))
        pairCount += 1
        originalWordCount += o.count
    }

    /// The substitution and keep-probability lines learned so far.
    ///
    /// A multiword pair that splits, in order, into parts each also seen on its own (or left
    /// unchanged) — "military aid" → "army help" with military → army and aid → help attested —
    /// is counted as those parts, where a part may also be one content word for another
    /// ("entire quantity" → "total amount"); other multiword pairs ("due to" → "because of",
    /// "a minimum of" → "at least") stay whole.
    /// - Complexity: O(total words × maxLength + pairs × maxLength⁴).
    public func entries(minCount: Int = 1) -> [LearnedEntry] {
        var pairs = counts
        for (k, c) in counts where k.original.count + k.spun.count > 2 {
            guard let parts = decompose(k) else { continue }
            pairs[k]! -= c
            if pairs[k]! == 0 { pairs[k] = nil }
            for p in parts { pairs[p, default: 0] += c }
        }
        // Digits for number words ("1" for "one") are the spinner's rarely and clean text's often.
        pairs = pairs.filter { $0.value >= minCount && !isNumeric($0.key.spun) && !isNumeric($0.key.original)
            && (keepFunctionWordPairs || !isFunctionWordPair($0.key)) }

        // Occurrences (and kept occurrences) of every phrase we need in the originals.
        var needed: Set<[UInt32]> = []
        for k in pairs.keys { needed.insert(k.original); needed.insert(k.spun) }
        var occurrences: [[UInt32]: Int] = [:]
        var keptCount: [[UInt32]: Int] = [:]
        for doc in originals {
            let n = doc.words.count
            for start in 0..<n {
                var allKept = true
                for len in 1...maxLength where start + len <= n {
                    allKept = allKept && doc.kept[start + len - 1]
                    let g = Array(doc.words[start..<(start + len)])
                    guard needed.contains(g) else { continue }
                    occurrences[g, default: 0] += 1
                    if allKept { keptCount[g, default: 0] += 1 }
                }
            }
        }

        var out: [LearnedEntry] = []
        var spunSides: Set<[UInt32]> = []
        for (k, c) in pairs {
            let n = max(occurrences[k.original] ?? 0, c)
            out.append(LearnedEntry(spun: phrase(k.spun), original: phrase(k.original), count: c, originalCount: n,
                                    weight: Double(c) / (Double(n) + smoothing)))
            spunSides.insert(k.spun)
        }
        for s in spunSides {
            guard let n = occurrences[s], n > 0 else { continue }
            let kept = keptCount[s] ?? 0
            let text = phrase(s)
            out.append(LearnedEntry(spun: text, original: text, count: kept, originalCount: n,
                                    weight: Double(kept + 1) / Double(n + 2)))
        }
        out.sort(by: LearnedEntry.tableOrder)
        return out
    }

    /// Splits `key` into at least two consecutive parts, each an attested pair (other than
    /// `key`), a pair of content words, or the same words on both sides; nil when it cannot.
    func decompose(_ key: Key) -> [Key]? {
        let o = key.original, s = key.spun
        // best[i][j]: a split of o[i...] / s[j...] with the fewest parts, as its first part's lengths.
        var memo: [Int: [Key]?] = [:]
        func solve(_ i: Int, _ j: Int) -> [Key]? {
            if i == o.count && j == s.count { return [] }
            if i == o.count || j == s.count { return nil }
            let m = i * 64 + j
            if let r = memo[m] { return r }
            var best: [Key]? = nil
            for a in 1...(o.count - i) {
                for b in 1...(s.count - j) {
                    if a == o.count && b == s.count { continue }
                    let part = Key(original: Array(o[i..<(i + a)]), spun: Array(s[j..<(j + b)]))
                    let same = part.original == part.spun
                    guard same || counts[part] != nil || isContentWordPair(part) else { continue }
                    guard let rest = solve(i + a, j + b) else { continue }
                    let candidate = (same ? [] : [part]) + rest
                    if best == nil || candidate.count < best!.count { best = candidate }
                }
            }
            memo[m] = .some(best)
            return best
        }
        guard let parts = solve(0, 0), !parts.isEmpty else { return nil }
        return parts
    }

    /// Whether a one-word-each-side pair holds two function words.
    func isFunctionWordPair(_ key: Key) -> Bool {
        key.original.count == 1 && key.spun.count == 1
            && FunctionWords.contains(vocabulary.word(key.original[0])) && FunctionWords.contains(vocabulary.word(key.spun[0]))
    }

    /// Whether a phrase is one number ("1", "2021", "3.5").
    func isNumeric(_ ids: [UInt32]) -> Bool {
        guard ids.count == 1, let first = vocabulary.word(ids[0]).utf8.first else { return false }
        return first >= 0x30 && first <= 0x39
    }

    /// Whether a one-word-each-side pair holds two content words.
    func isContentWordPair(_ key: Key) -> Bool {
        key.original.count == 1 && key.spun.count == 1
            && !FunctionWords.contains(vocabulary.word(key.original[0])) && !FunctionWords.contains(vocabulary.word(key.spun[0]))
    }

    /// Every word of the texts added so far.
    /// - Complexity: O(vocabulary size).
    public func knownWords() -> Set<String> {
        var out: Set<String> = []
        for id in 0..<UInt32(vocabulary.count) { out.insert(vocabulary.word(id)) }
        return out
    }

    func phrase(_ ids: [UInt32]) -> String {
        ids.map { vocabulary.word($0) }.joined(separator: " ")
    }
}
