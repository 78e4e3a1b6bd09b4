import Foundation

/// Estimates P(keep) of a spinner's output words from spun text alone, by how much more often
/// the spinner's texts use a word than natural text does.
///
/// A spinner over-uses the words it writes ("charges", "merchants", "signifies"): of the `n`
/// occurrences of such a word in its texts, natural text of the same length would hold only
/// `e = N · q(w)` (N = spun words read, q(w) = (reference count + 0.5) / reference words), so
/// only about e of the n are originals kept as they were. The estimate is
/// P(keep) = (e + 1) / (n + 2), the same add-one rule the pair learner uses for its keep lines.
/// It is written only for one-word spun words that a candidate table lists with substitutions
/// but without a keep line of its own (where the restorer would otherwise assume its default),
/// and only when the spun text holds the word at least `minCount` times.
public struct OveruseKeepEstimator: Sendable {
    /// A word needs this many occurrences in the spun text to get a keep line.
    public var minCount = 3

    private var vocabulary = Vocabulary()
    private var spunCount: [Int] = []
    private var referenceCount: [Int] = []
    /// Words of spun text read.
    public private(set) var spunWords = 0
    /// Words of reference (natural) text read.
    public private(set) var referenceWords = 0

    /// An estimator with no text read yet.
    /// - Complexity: O(1).
    public init() {}

    /// Counts the words of a spinner's text.
    /// - Complexity: O(n) in the length of the text.
    public mutating func add(spunText text: String) {
        spunWords += count(text, into: \.spunCount)
    }

    /// Counts the words of natural (not spun) text, e.g. a clean corpus or original articles.
    /// - Complexity: O(n) in the length of the text.
    public mutating func add(referenceText text: String) {
        referenceWords += count(text, into: \.referenceCount)
    }

    private mutating func count(_ text: String, into counts: WritableKeyPath<OveruseKeepEstimator, [Int]>) -> Int {
        let seq = WordSequence(text, vocabulary: &vocabulary)
        if spunCount.count < vocabulary.count {
            spunCount += [Int](repeating: 0, count: vocabulary.count - spunCount.count)
            referenceCount += [Int](repeating: 0, count: vocabulary.count - referenceCount.count)
        }
        for w in seq.words { self[keyPath: counts][Int(w)] += 1 }
        return seq.words.count
    }

    /// Occurrences of a (folded) word in the spun text and the number natural text of that length would hold.
    /// - Complexity: O(length of the word).
    public func counts(of word: String) -> (spun: Int, expected: Double) {
        let id = vocabulary.id(of: Folding.fold(word)).map(Int.init)
        let n = id.map { spunCount[$0] } ?? 0
        let r = id.map { referenceCount[$0] } ?? 0
        return (n, Double(spunWords) * (Double(r) + 0.5) / Double(max(1, referenceWords)))
    }

    /// P(keep) of a word: (expected natural occurrences + 1) / (occurrences in the spun text + 2), at most 1.
    /// - Complexity: O(length of the word).
    public func keepProbability(of word: String) -> Double {
        let (n, e) = counts(of: word)
        return Self.keep(spun: n, expected: e)
    }

    /// (e + 1) / (n + 2), at most 1.
    static func keep(spun n: Int, expected e: Double) -> Double { min(1, (e + 1) / Double(n + 2)) }

    /// Keep lines (`word<TAB>word<TAB>P(keep)`) for the one-word spun words of `candidates` that
    /// have a substitution but no keep line, seen at least `minCount` times in the spun text;
    /// sorted by word, each with the counts behind it as its note.
    /// - Complexity: O(entries · log entries).
    public func keepEntries(candidates: [LearnedEntry]) -> [LearnedEntry] {
        var substituted = Set<String>(), kept = Set<String>()
        for e in candidates {
            let s = Folding.fold(e.spun)
            if s.contains(" ") { continue }
            if s == Folding.fold(e.original) { kept.insert(s) } else { substituted.insert(s) }
        }
        var out: [LearnedEntry] = []
        for s in substituted.subtracting(kept).sorted() {
            let (n, e) = counts(of: s)
            guard n >= minCount else { continue }
            var entry = LearnedEntry(spun: s, original: s, count: 0, originalCount: 0, weight: Self.keep(spun: n, expected: e))
            entry.note = String(format: "spun %d, natural %.1f", n, e)
            out.append(entry)
        }
        return out
    }
}
